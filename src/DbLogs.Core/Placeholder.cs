namespace DbLogs.Core; public static class Placeholder { }
