using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Users;

/// <summary>User administration. Every method checks that the caller administers the companies it touches.</summary>
public sealed class UserAdminService(
    IDbContextFactory<CoreDbContext> coreFactory,
    CompanyCatalogue catalogue,
    ILogger<UserAdminService> logger)
{
    /// <summary>
    /// `create-admin &lt;username&gt; "&lt;Display Name&gt;" [email]`, password from FIELDKIT_ADMIN_PASSWORD or standard input:
    /// the first admin of a Production install. There is no default password anywhere.
    /// </summary>
    public async Task<int> CreateFirstAdminFromConsoleAsync(string[] args, CancellationToken ct)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: create-admin <username> \"<Display Name>\" [email]   (password from FIELDKIT_ADMIN_PASSWORD or stdin)");
            return 2;
        }
        var username = args[0].Trim().ToLowerInvariant();
        var password = Environment.GetEnvironmentVariable("FIELDKIT_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Password: ");
            password = Console.ReadLine();
        }
        var problem = PasswordPolicy.Validate(password, username);
        if (problem is not null)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        db.Actor = "system:create-admin";
        if (await db.Users.AnyAsync(u => u.Username == username, ct))
        {
            Console.Error.WriteLine($"User '{username}' already exists.");
            return 1;
        }
        var user = new User
        {
            Username = username,
            DisplayName = args[1],
            Email = args.Length > 2 ? args[2] : null,
            PasswordHash = PasswordHasher.Hash(password!),
        };
        user.Roles.AddRange(catalogue.All.Select(c => new UserCompanyRole { CompanyCode = c.Code, Role = Role.Admin }));
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created admin {Username} for all companies", username);
        Console.WriteLine($"Created admin '{username}' with access to {string.Join(", ", catalogue.All.Select(c => c.Code))}.");
        return 0;
    }
}
