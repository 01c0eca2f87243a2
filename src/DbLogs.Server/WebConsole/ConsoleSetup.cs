using DbLogs.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Options;

namespace DbLogs.Server.WebConsole;

/// <summary>The web console: Razor Pages under <c>/console/</c>, its assets, and <c>/</c> redirecting there.</summary>
public static class ConsoleSetup
{
    public static IServiceCollection AddWebConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleSession>();
        services.AddRazorPages(o => o.RootDirectory = "/WebConsole/Pages")
            .ConfigureApplicationPartManager(parts =>
            {
                // Only this assembly's pages: the host's default discovery would also scan the entry assembly's references.
                parts.ApplicationParts.Clear();
                var assembly = typeof(ConsoleSetup).Assembly;
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    parts.ApplicationParts.Add(part);
                }
            });

        // Anti-forgery tokens are protected by keys kept in the data directory, so forms keep working across restarts.
        services.AddDataProtection().SetApplicationName("dblogs");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(sp.GetRequiredService<DataDirectory>().Root, "console-keys")), sp.GetRequiredService<ILoggerFactory>())));
        // Its "no XML encryptor" warning: the key files rest owner-only in the data directory, beside master.key, as protected as that.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dblogs_console_af";
            o.Cookie.Path = ConsoleSession.CookiePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
        });
        return services;
    }

    public static WebApplication MapWebConsole(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect(ConsoleRoutes.Root)).ExcludeFromDescription();
        app.MapGet("/console/assets/{name}", ConsoleAssets.Serve).ExcludeFromDescription();
        app.MapRazorPages();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/console"))
            {
                ConsoleAssets.AddSecurityHeaders(context.Response);
            }

            await next(context);
        });
        return app;
    }
}
