namespace FieldKit.Domain.Security;

/// <summary>A role is held per company (user_company_roles): one person can be manager here and salesperson there.</summary>
public enum Role
{
    Admin,
    Manager,
    Office,
    Salesperson,
}

public enum Permission
{
    ViewCompany,
    ViewCustomers,
    EditCustomers,
    ViewDeleted,
    RestoreDeleted,
    EditJobs,
    EditInvoices,
    RunStatements,
    ImportInvoices,
    ManageSales,
    ViewAllSales,
    SubmitApprovals,
    DecideApprovals,
    ManageSettings,
    CompanyReports,
    CrossCompanyReports,
    ManageUsers,
    ReadOutbox,
}
