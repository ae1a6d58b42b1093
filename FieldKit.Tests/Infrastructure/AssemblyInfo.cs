// Every database test shares one cluster and resets it; browser tests share one app. Run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
