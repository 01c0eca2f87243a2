using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DbLogs.Server.WebConsole;

/// <summary>A console page for a signed-in user; without a session it redirects to the sign-in page, which brings the user back.</summary>
public abstract class ConsolePage : PageModel
{
    public ConsoleUser CurrentUser { get; private set; } = null!;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = await HttpContext.RequestServices.GetRequiredService<ConsoleSession>().ReadAsync(HttpContext);
        if (user is null)
        {
            context.Result = Redirect(ConsoleRoutes.SignIn(Request.Path + Request.QueryString));
            return;
        }

        CurrentUser = user;
        if (await BeforeHandlerAsync() is { } result)
        {
            context.Result = result;
            return;
        }

        await next();
    }

    /// <summary>Runs after the session is known and before the handler; a result answers the request instead.</summary>
    protected virtual Task<IActionResult?> BeforeHandlerAsync() => Task.FromResult<IActionResult?>(null);

    /// <summary>The console's "not found" page: for a missing instance and for another project's alike.</summary>
    protected static IActionResult NotFoundPage() => new ContentResult
    {
        StatusCode = StatusCodes.Status404NotFound,
        ContentType = "text/html; charset=utf-8",
        Content = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Not found · DbLogs</title><link rel="stylesheet" href="/console/assets/console.css"></head>
            <body><main><h1>Not found</h1><p>There is no such instance in your project.</p>
            <p><a href="/console/">Back to the instances</a></p></main></body></html>
            """,
    };
}
