using DbLogs.Collection.Agent;

// dblogs-agent --config FILE: the same agent as `dblogs agent`, compiled ahead of time (see DbLogs.Agent.csproj).
if (args is not ["--config", var configPath])
{
    await Console.Error.WriteLineAsync("usage: dblogs-agent --config FILE   (the agent configuration; see docs/collection.md)");
    return args is ["--help"] or ["-h"] ? 0 : 2;
}

return await AgentRunner.RunUntilStoppedAsync(configPath, Console.Error);
