using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class DormancyAlertConfigConfiguration : IEntityTypeConfiguration<DormancyAlertConfig>
{
    public void Configure(EntityTypeBuilder<DormancyAlertConfig> b) => b.ToTable("dormancy_alerts_config");
}
