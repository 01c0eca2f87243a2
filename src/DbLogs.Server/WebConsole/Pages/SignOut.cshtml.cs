using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DbLogs.Server.WebConsole.Pages;

/// <summary>Ends the console session (a POST with the anti-forgery token; a GET only goes back to the console).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect(ConsoleRoutes.Root);

    public IActionResult OnPost()
    {
        ConsoleSession.End(HttpContext);
        return Redirect("/console/signin");
    }
}
