using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DbLogs.Server.WebConsole.Pages;

/// <summary>Ends the console session, revoking its token (a POST with the anti-forgery token; a GET only goes back to the console).</summary>
public sealed class SignOutModel(ConsoleSession session) : PageModel
{
    public IActionResult OnGet() => Redirect(ConsoleRoutes.Root);

    public async Task<IActionResult> OnPostAsync()
    {
        await session.EndAsync(HttpContext);
        return Redirect("/console/signin");
    }
}
