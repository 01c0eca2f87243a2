namespace DbLogs.Storage; public static class Placeholder { }
