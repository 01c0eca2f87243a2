using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole.Pages.Redis;

/// <summary>A Redis instance's live tail: the lines of a node's log as they are collected.</summary>
public sealed class TailModel() : TailPage(Engine.Redis);
