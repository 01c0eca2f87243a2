using DbLogs.Core.Time;

namespace DbLogs.Tests.Core;

/// <summary>The RDS time format <c>yyyy-MM-ddTHH:mm:ss±hhmm</c> and the variants clients send (spec/rds-v3-logs.md).</summary>
public class OffsetTimeTests
{
    [Theory]
    [InlineData("2019-11-06T09:00:00+0800", 8, 0)]
    [InlineData("2019-11-06T09:00:00 0800", 8, 0)] // a raw '+' after form decoding
    [InlineData("2019-11-06T09:00:00+08:00", 8, 0)]
    [InlineData("2019-11-06T09:00:00 08:00", 8, 0)]
    [InlineData("2019-11-06T09:00:00Z", 0, 0)]
    [InlineData("2019-11-06T09:00:00+0000", 0, 0)]
    [InlineData("2019-11-06T09:00:00-0000", 0, 0)]
    [InlineData("2019-11-06T09:00:00-0500", -5, 0)]
    [InlineData("2019-11-06T09:00:00-05:00", -5, 0)]
    [InlineData("2019-11-06T09:00:00+0530", 5, 30)]
    [InlineData("2019-11-06T09:00:00+05:45", 5, 45)]
    [InlineData("2019-11-06T09:00:00-0930", -9, -30)]
    [InlineData("2019-11-06T09:00:00+1400", 14, 0)]
    [InlineData("2019-11-06T09:00:00-1400", -14, 0)]
    public void Accepted_forms_keep_the_wall_time_and_the_offset(string text, int hours, int minutes)
    {
        Assert.True(OffsetTime.TryParse(text, out var value));

        var offset = new TimeSpan(hours, minutes, 0);
        Assert.Equal(offset, value.Offset);
        Assert.Equal(new DateTime(2019, 11, 6, 9, 0, 0), value.DateTime);
        Assert.Equal(new DateTimeOffset(2019, 11, 6, 9, 0, 0, offset).UtcDateTime, value.UtcDateTime);
    }

    [Fact]
    public void The_seed_example_is_the_same_instant_in_every_form()
    {
        string[] forms =
        [
            "2019-11-06T09:00:00+0800", "2019-11-06T09:00:00 0800", "2019-11-06T09:00:00+08:00", "2019-11-06T01:00:00Z",
            "2019-11-05T20:00:00-0500",
        ];

        foreach (var form in forms)
        {
            Assert.True(OffsetTime.TryParse(form, out var value), form);
            Assert.Equal(new DateTimeOffset(2019, 11, 6, 1, 0, 0, TimeSpan.Zero), value);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("2019-11-06 09:00:00")]
    [InlineData("2019-11-06T09:00:00")]
    [InlineData("2019-11-06T09:00:00+8")]
    [InlineData("2019-11-06T09:00:00+08")]
    [InlineData("2019-11-06T09:00:00+080")]
    [InlineData("2019-11-06T09:00:00+08000")]
    [InlineData("2019-11-06T09:00:00+08:0")]
    [InlineData("2019-11-06T09:00:00+08:000")]
    [InlineData("2019-11-06T09:00:00+0:800")]
    [InlineData("2019-11-06T09:00:00+08-00")]
    [InlineData("2019-11-06T09:00:00+0860")]
    [InlineData("2019-11-06T09:00:00+08:60")]
    [InlineData("2019-11-06T09:00:00+1401")]
    [InlineData("2019-11-06T09:00:00+1500")]
    [InlineData("2019-11-06T09:00:00-1500")]
    [InlineData("2019-11-06T09:00:00+9999")]
    [InlineData("2019-11-06T09:00:00 +0800")]
    [InlineData("2019-11-06T09:00:00+0800 ")]
    [InlineData("2019-11-06T09:00:00*0800")]
    [InlineData("2019-11-06T09:00:00_0800")]
    [InlineData("2019-11-06T09:00:000800")]
    [InlineData("2019-11-06T09:00:00ZZ")]
    [InlineData("2019-11-06T09:00:00Z ")]
    [InlineData("2019-11-06T09:00:00UTC")]
    [InlineData("2019-11-06T09:00:00GMT+8")]
    [InlineData("2019-11-06T09:00:00+\uff10\uff18\uff10\uff10")] // fullwidth digits
    [InlineData("2019-11-06T09:00:00+\u0660\u0668\u0660\u0660")] // Arabic-Indic digits
    [InlineData("2019-11-06T09:00:00.000Z")]
    [InlineData("2019-11-06T09:00:00.123+0800")]
    [InlineData("2019-11-06T09:00Z")]
    [InlineData("2019-11-06Z")]
    [InlineData("2019-11-06")]
    [InlineData("2019-13-01T00:00:00Z")]
    [InlineData("2019-00-01T00:00:00Z")]
    [InlineData("2019-11-31T00:00:00Z")]
    [InlineData("2019-02-29T00:00:00Z")]
    [InlineData("2019-11-06T24:00:00Z")]
    [InlineData("2019-11-06T09:60:00Z")]
    [InlineData("2019-11-06T09:00:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("19-11-06T09:00:00Z")]
    [InlineData("2019-11-6T09:00:00Z")]
    [InlineData("2019/11/06T09:00:00Z")]
    [InlineData(" 2019-11-06T09:00:00Z")]
    [InlineData("\uff12\uff10\uff11\uff19-11-06T09:00:00Z")]
    [InlineData("20191106T090000Z")]
    [InlineData("1573002000000")]
    [InlineData("-1")]
    [InlineData("' OR 1=1")]
    [InlineData("../../etc/passwd")]
    [InlineData("0001-01-01T00:00:00+0800")] // before DateTimeOffset.MinValue in UTC
    [InlineData("9999-12-31T23:59:59-0100")] // after DateTimeOffset.MaxValue in UTC
    public void Rejected_forms(string? text)
    {
        Assert.False(OffsetTime.TryParse(text, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void A_ten_thousand_character_value_is_rejected()
    {
        Assert.False(OffsetTime.TryParse("2019-11-06T09:00:00+0800" + new string('0', 10_000), out _));
        Assert.False(OffsetTime.TryParse(new string('9', 10_000), out _));
    }

    [Fact]
    public void Leap_day_and_the_extremes_of_the_range_are_accepted()
    {
        Assert.True(OffsetTime.TryParse("2020-02-29T23:59:59Z", out var leap));
        Assert.Equal(new DateTimeOffset(2020, 2, 29, 23, 59, 59, TimeSpan.Zero), leap);
        Assert.True(OffsetTime.TryParse("0001-01-01T00:00:00Z", out var min));
        Assert.Equal(DateTimeOffset.MinValue, min);
        Assert.True(OffsetTime.TryParse("9999-12-31T23:59:59Z", out var max));
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), max);
    }

    private static readonly DateTimeOffset Instant = new(2019, 11, 6, 1, 3, 34, TimeSpan.Zero);

    [Theory]
    [InlineData(8, 0, "2019-11-06T09:03:34+0800")]
    [InlineData(0, 0, "2019-11-06T01:03:34+0000")]
    [InlineData(-5, 0, "2019-11-05T20:03:34-0500")]
    [InlineData(5, 30, "2019-11-06T06:33:34+0530")]
    [InlineData(5, 45, "2019-11-06T06:48:34+0545")]
    [InlineData(-9, -30, "2019-11-05T15:33:34-0930")]
    [InlineData(0, -30, "2019-11-06T00:33:34-0030")]
    [InlineData(0, 30, "2019-11-06T01:33:34+0030")]
    [InlineData(14, 0, "2019-11-06T15:03:34+1400")]
    [InlineData(-12, 0, "2019-11-05T13:03:34-1200")]
    public void Format_writes_the_instant_in_the_given_offset_without_a_colon(int hours, int minutes, string expected)
    {
        Assert.Equal(expected, OffsetTime.Format(Instant, new TimeSpan(hours, minutes, 0)));
    }

    [Fact]
    public void Format_does_not_depend_on_the_offset_of_the_instant()
    {
        var sameInstant = Instant.ToOffset(TimeSpan.FromHours(-7));

        Assert.Equal("2019-11-06T09:03:34+0800", OffsetTime.Format(sameInstant, TimeSpan.FromHours(8)));
    }

    [Theory]
    [InlineData("2019-11-06T09:00:00+0800")]
    [InlineData("2019-11-06T09:00:00-0500")]
    [InlineData("2019-11-06T09:00:00+0530")]
    [InlineData("2019-11-06T09:00:00-0930")]
    [InlineData("2019-11-06T09:00:00+0000")]
    [InlineData("2019-12-31T23:59:59+1400")]
    public void Parse_then_format_in_the_parsed_offset_round_trips(string text)
    {
        Assert.True(OffsetTime.TryParse(text, out var value));

        Assert.Equal(text, OffsetTime.Format(value, value.Offset));
    }

    [Theory]
    [InlineData("2019-11-06T09:00:00 0800", "2019-11-06T09:00:00+0800")]
    [InlineData("2019-11-06T09:00:00+08:00", "2019-11-06T09:00:00+0800")]
    [InlineData("2019-11-06T09:00:00Z", "2019-11-06T09:00:00+0000")]
    [InlineData("2019-11-06T09:00:00-05:00", "2019-11-06T09:00:00-0500")]
    [InlineData("2019-11-06T09:00:00-0000", "2019-11-06T09:00:00+0000")]
    public void Variants_format_back_to_the_canonical_form(string text, string canonical)
    {
        Assert.True(OffsetTime.TryParse(text, out var value));

        Assert.Equal(canonical, OffsetTime.Format(value, value.Offset));
    }

    [Theory]
    [InlineData(8, "2018-12-04T22:24:42", "2018-12-04T14:24:42")]
    [InlineData(0, "2018-12-04T14:24:42", "2018-12-04T14:24:42")]
    [InlineData(-5, "2018-12-04T09:24:42", "2018-12-04T14:24:42")]
    [InlineData(8, "2018-12-05T02:00:00", "2018-12-04T18:00:00")]
    public void FormatUtcWithoutOffset_writes_utc_and_no_offset(int offsetHours, string local, string expected)
    {
        var instant = new DateTimeOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(offsetHours));

        Assert.Equal(expected, OffsetTime.FormatUtcWithoutOffset(instant));
    }
}
