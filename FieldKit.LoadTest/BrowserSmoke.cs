using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace FieldKit.LoadTest;

/// <summary>
/// A few real browsers (Debian's Chromium through Playwright, one context each) doing the same scenario, for
/// browser-perceived figures beside the headless ones: time to interactive of a page load, and click-to-render
/// of the board's next-day button and of a search.
/// </summary>
public static class BrowserSmoke
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public sealed record Result(int Contexts, int Passes, Percentiles TimeToInteractiveMs, Percentiles BoardClickMs, Percentiles SearchMs, int Errors, List<string> ErrorSamples);

    public static async Task<Result> RunAsync(Uri baseUri, int contexts, int passes, IReadOnlyDictionary<string, CompanyData> data, TextWriter log)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
        });
        var plan = new (string User, string Company)[] { ("walter", "kleanit_charlotte"), ("patrick", "cts"), ("mikeyc", "kleanit_sf"), ("michele", "getagrip"), ("mike", "kleanit_charlotte") };
        var tti = new List<double>();
        var board = new List<double>();
        var search = new List<double>();
        var errors = new List<string>();
        var us = CultureInfo.GetCultureInfo("en-US");
        await Task.WhenAll(Enumerable.Range(0, contexts).Select(async i =>
        {
            var (user, company) = plan[i % plan.Length];
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUri.ToString().TrimEnd('/'), ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(30000);
            var stage = "sign-in";   // named in an error, so a failure says which step broke
            try
            {
                await page.GotoAsync("/account/login");
                await page.FillAsync("#username", user);
                await page.FillAsync("#password", UserSession.DemoPassword);
                await page.ClickAsync("[data-testid=sign-in]");
                await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                for (var p = 0; p < passes; p++)
                {
                    stage = "board";
                    var clock = Stopwatch.StartNew();
                    await page.GotoAsync($"/{company}/board");
                    await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                    await page.Locator("[data-testid=board-count], [data-testid=board-empty]").First.WaitForAsync();
                    lock (tti) tti.Add(clock.Elapsed.TotalMilliseconds);

                    var title = (await page.Locator("[data-testid=board-title]").InnerTextAsync()).Trim();
                    var next = DateOnly.ParseExact(title, "dddd, MMMM d, yyyy", us).AddDays(1).ToString("dddd, MMMM d, yyyy", us);
                    stage = "next day";
                    clock.Restart();
                    await page.ClickAsync("[data-testid=board-next]");
                    await Assertions.Expect(page.Locator("[data-testid=board-title]")).ToHaveTextAsync(next);
                    await page.Locator("[data-testid=board-count], [data-testid=board-empty]").First.WaitForAsync();
                    lock (board) board.Add(clock.Elapsed.TotalMilliseconds);

                    stage = "customer list";
                    await page.GotoAsync($"/{company}/customers");
                    // The prerendered rows come before the circuit: typing before it is live is typing into plain HTML.
                    await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                    await page.Locator("[data-testid=customer-link]").First.WaitForAsync();
                    var target = data[company].Sample[(i + p) % data[company].Sample.Count];
                    stage = $"search for {target.Name}";
                    clock.Restart();
                    await page.FillAsync("[data-testid=customer-search] input, input[data-testid=customer-search]", target.Name);
                    await page.Locator($"a[href='/{company}/customers/{target.Id}']").First.WaitForAsync();
                    lock (search) search.Add(clock.Elapsed.TotalMilliseconds);
                    await page.FillAsync("[data-testid=customer-search] input, input[data-testid=customer-search]", "");
                }
            }
            catch (Exception ex)
            {
                lock (errors) errors.Add($"{user}, {stage}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            }
        }));
        var result = new Result(contexts, passes, Percentiles.Of(tti), Percentiles.Of(board), Percentiles.Of(search), errors.Count, errors.Take(5).ToList());
        log.WriteLine($"browsers: {contexts} contexts × {passes} passes: time to interactive (board) p50 {result.TimeToInteractiveMs.P50:0} / p95 {result.TimeToInteractiveMs.P95:0} ms; " +
                      $"next-day click to render p50 {result.BoardClickMs.P50:0} / p95 {result.BoardClickMs.P95:0} ms; search typed to row shown p50 {result.SearchMs.P50:0} / p95 {result.SearchMs.P95:0} ms (300 ms debounce included); errors {errors.Count}");
        foreach (var e in result.ErrorSamples) log.WriteLine("  " + e);
        return result;
    }
}
