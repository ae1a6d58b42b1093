using FieldKit.LoadTest;

return await LoadCommand.MainAsync(args);
