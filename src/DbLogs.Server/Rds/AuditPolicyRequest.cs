using System.Text.Json;
using DbLogs.Server.Api;
using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Server.Rds;

/// <summary>Validates the body of <c>PUT …/auditlog-policy</c>.</summary>
public static class AuditPolicyRequest
{
    public const int MaxKeepDays = 732;

    internal static (AuditPolicy? Policy, ApiError? Error) Read(JsonElement body, IApiFamily family, DateTimeOffset now)
    {
        if (!body.TryGetProperty("keep_days", out var keepDaysElement))
        {
            return (null, family.InvalidParameter("keep_days", "it is required."));
        }

        if (keepDaysElement.ValueKind != JsonValueKind.Number)
        {
            return (null, family.InvalidParameter("keep_days", "it must be an integer."));
        }

        if (!keepDaysElement.TryGetDecimal(out var keepDecimal))
        {
            return (null, family.OutOfRange("keep_days")); // a number beyond decimal's range
        }

        if (keepDecimal != decimal.Truncate(keepDecimal))
        {
            return (null, family.InvalidParameter("keep_days", "it must be an integer."));
        }

        if (keepDecimal is < 0 or > MaxKeepDays)
        {
            return (null, family.OutOfRange("keep_days"));
        }

        if (body.TryGetProperty("reserve_auditlogs", out var reserve) && reserve.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return (null, family.InvalidParameter("reserve_auditlogs", "it must be true or false."));
        }

        var types = new List<string>();
        if (body.TryGetProperty("audit_types", out var typesElement) && typesElement.ValueKind != JsonValueKind.Null)
        {
            if (typesElement.ValueKind != JsonValueKind.Array)
            {
                return (null, family.InvalidParameter("audit_types", "it must be an array of operation types."));
            }

            foreach (var item in typesElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !AuditActionCatalog.IsKnown(item.GetString()!))
                {
                    return (null, family.InvalidParameter("audit_types", "unknown operation type; see all_audit_log_action."));
                }

                if (!types.Contains(item.GetString()!))
                {
                    types.Add(item.GetString()!);
                }
            }
        }

        return (new AuditPolicy((int)keepDecimal, types, now), null);
    }
}
