namespace FieldKit.LoadTest;

/// <summary>Not top-level statements: those would make a global <c>Program</c> that clashes with the web app's in the tests.</summary>
public static class LoadProgram
{
    public static Task<int> Main(string[] args) => LoadCommand.MainAsync(args);
}
