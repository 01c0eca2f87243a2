using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole.Pages.Mysql;

/// <summary>A MySQL instance's live tail: the lines of a node's log as they are collected.</summary>
public sealed class TailModel() : TailPage(Engine.Mysql);
