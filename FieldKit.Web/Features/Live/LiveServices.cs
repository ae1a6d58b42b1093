namespace FieldKit.Web.Features.Live;

public static class LiveServices
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        // One instance: the hosted service that listens is the singleton circuits subscribe to.
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<SharedReads>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        return services;
    }
}
