namespace DbLogs.Server; public static class Placeholder { }
