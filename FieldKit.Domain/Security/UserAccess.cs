namespace FieldKit.Domain.Security;

/// <summary>What one signed-in user may do, company by company.</summary>
public sealed class UserAccess
{
    public static readonly UserAccess Anonymous = new("", "", new Dictionary<string, IReadOnlySet<Role>>());

    public UserAccess(string username, string displayName, IReadOnlyDictionary<string, IReadOnlySet<Role>> rolesByCompany)
    {
        Username = username;
        DisplayName = displayName;
        RolesByCompany = rolesByCompany;
    }

    public string Username { get; }
    /// <summary>A reset password is temporary: every page sends the user to change it first.</summary>
    public bool MustChangePassword { get; init; }
    public string DisplayName { get; }
    public IReadOnlyDictionary<string, IReadOnlySet<Role>> RolesByCompany { get; }

    public bool IsAuthenticated => Username.Length > 0;

    public IEnumerable<string> Companies => RolesByCompany.Keys;

    public bool CanAccess(string company) => RolesByCompany.ContainsKey(company);

    public bool IsInRole(string company, Role role) =>
        RolesByCompany.TryGetValue(company, out var roles) && roles.Contains(role);

    public bool Has(string company, Permission permission) =>
        RolesByCompany.TryGetValue(company, out var roles) && roles.Any(r => RolePermissions.Has(r, permission));

    /// <summary>Throws <see cref="PermissionDeniedException"/> unless the user holds the permission in the company.</summary>
    public void Demand(string company, Permission permission)
    {
        if (!Has(company, permission))
            throw new PermissionDeniedException(Username, company, permission);
    }
}

public sealed class PermissionDeniedException(string username, string company, Permission permission)
    : Exception($"{(username.Length == 0 ? "You are not signed in" : "You do not have permission")} to {Describe(permission)} in this company.")
{
    public string Username { get; } = username;
    public string Company { get; } = company;
    public Permission Permission { get; } = permission;

    private static string Describe(Permission p) => p switch
    {
        Permission.ViewCompany => "open this company",
        Permission.ViewCustomers => "view customers",
        Permission.EditCustomers => "change customer records",
        Permission.ManageUsers => "manage users",
        Permission.DecideApprovals => "approve or reject requests",
        Permission.ViewDeleted or Permission.RestoreDeleted => "see or restore deleted records",
        _ => p.ToString().ToLowerInvariant(),
    };
}
