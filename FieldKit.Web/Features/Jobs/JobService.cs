using FieldKit.Domain.Jobs;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Jobs;

/// <summary>Jobs of the route's company. Every write checks EditJobs on the server and the lifecycle rules in JobRules.</summary>
public sealed class JobService(CompanyDb companyDb)
{
    /// <summary>Moves a job to another day and/or crew (the board's drag and its "Move" action).</summary>
    public async Task<JobActionResult> MoveAsync(int jobId, DateOnly date, string? crew, uint version, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobActionResult.Failed("This job no longer exists.");
        if (JobRules.CheckMove(job.Status) is { } why) return JobActionResult.Failed(why);
        if (crew is not null && !await db.Crews.AnyAsync(c => c.Name == crew && c.IsActive, ct))
            return JobActionResult.Failed($"There is no active crew named '{crew}'.");
        db.Entry(job).Property(j => j.Version).OriginalValue = version;
        job.ScheduledDate = date;
        job.Crew = crew;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return JobActionResult.Failed("Someone else changed this job first; the board now shows their change.");
        }
        return JobActionResult.Ok(job.Id);
    }
}
