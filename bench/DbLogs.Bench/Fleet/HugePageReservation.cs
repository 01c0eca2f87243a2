using System.Globalization;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// 2 MiB huge pages reserved (<c>vm.nr_hugepages</c>) for a private PostgreSQL cluster's shared memory while it runs, and given
/// back after: how PostgreSQL's manual has a server with large shared buffers set up, and what its default
/// <c>huge_pages=try</c> takes when the kernel has them. Without them each backend maps the shared buffers 4 KiB at a time,
/// and on a virtual machine a first touch is dear: on the 2-core VM of session 20 an hour's keyword search (480 buffers, all
/// already in shared memory) took 10.4 ms in a new backend against 3.4 ms in one that had mapped them, and 3.6 ms on huge
/// pages. Only root may reserve them; otherwise, or with <c>DBLOGS_BENCH_HUGE_PAGES=0</c> (to compare), the cluster runs on 4 KiB
/// pages, as before, and says so.
/// </summary>
internal sealed class HugePageReservation : IDisposable
{
    private const string Setting = "/proc/sys/vm/nr_hugepages";
    private readonly int _pages;

    private HugePageReservation(int pages) => _pages = pages;

    /// <summary>Adds <paramref name="pages"/> to the kernel's pool, or returns null (and leaves the pool as it was) when it cannot.</summary>
    public static HugePageReservation? TryReserve(int pages)
    {
        if (Environment.GetEnvironmentVariable("DBLOGS_BENCH_HUGE_PAGES") == "0")
        {
            return null;
        }

        try
        {
            var before = Read();
            Write(before + pages);
            if (Read() >= before + pages)
            {
                return new HugePageReservation(pages);
            }

            Write(before); // the kernel found fewer free 2 MiB pages than asked for
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => Write(Math.Max(0, Read() - _pages));

    private static int Read() => int.Parse(File.ReadAllText(Setting).Trim(), CultureInfo.InvariantCulture);

    private static void Write(int pages) => File.WriteAllText(Setting, pages.ToString(CultureInfo.InvariantCulture));
}
