namespace FieldKit.Web.Features.Mail;

public static class MailServices
{
    /// <summary>Outbox writer, SMTP sender (hosted; idle without Smtp:Host) and the admin outbox service.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddSingleton<MailWakeup>();
        services.AddSingleton<MailOutboxWriter>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        services.AddScoped<OutboxService>();
        return services;
    }
}
