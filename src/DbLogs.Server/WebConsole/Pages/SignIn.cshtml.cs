using System.Globalization;
using DbLogs.Server.Auth.Passwords;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DbLogs.Server.WebConsole.Pages;

/// <summary>Password sign-in through the same service as the IAM token route: its throttling and lockout apply here too.</summary>
public sealed class SignInModel(PasswordSignIn signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Project { get; set; }

    [BindProperty]
    public new string? User { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Project) || string.IsNullOrEmpty(User) || string.IsNullOrEmpty(Password))
        {
            Problem = "Enter the project, the user and the password.";
            return Page();
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        var result = await signIn.SignInAsync(null, Project, null, User, Password, address, HttpContext.RequestAborted);
        switch (result.Status)
        {
            case SignInStatus.SignedIn:
                ConsoleSession.Start(HttpContext, result.Token!);
                return Redirect(ReturnUrl is { } url && ConsoleRoutes.IsLocal(url) ? url : ConsoleRoutes.Root);
            case SignInStatus.WrongCredentials:
                Problem = "The project, user or password is wrong.";
                return Page();
            default:
                var wait = (long)Math.Ceiling(result.RetryAfter.TotalSeconds);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                Problem = result.Status == SignInStatus.Locked
                    ? $"Too many failed sign-ins for this user or from this address: try again in {Math.Ceiling(wait / 60.0)} minutes."
                    : "Too many sign-ins at once: try again in a second.";
                return Page();
        }
    }
}
