using FieldKit.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddFieldKit();

var app = builder.Build();

// `FieldKit.Web migrate|seed-demo|seed-scale|bench|create-admin|migrations-script` run a command and exit.
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app, args);
}

app.UseFieldKit();
await app.RunAsync();
return 0;

public partial class Program;
