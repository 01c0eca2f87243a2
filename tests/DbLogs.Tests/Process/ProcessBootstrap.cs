namespace DbLogs.Tests.Process;

/// <summary>The bootstrap file the process tests start the service with: one project, its keys and user, a Redis and a MySQL instance.</summary>
public static class ProcessBootstrap
{
    public const string ProjectId = "0524e839a54847039e9b2b46e8aa788a";
    public const string Ak = "PROCESSTESTAK0000001";
    public const string Sk = "process-test-secret-key-0001";
    public const string UserName = "alice";
    public const string Password = "correct horse battery staple";
    public const string RedisInstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    public const string ReplicaId = "a1b2c3";
    public const string MysqlInstanceId = "eb8fe5d181ec44a2850302691541f760in01";

    /// <summary>The file's JSON; <paramref name="replicaPort"/> lets a test make it invalid.</summary>
    public static string Json(int replicaPort = 6379) => $$"""
        {
          "projects": [
            {
              "id": "{{ProjectId}}",
              "name": "demo",
              "access_keys": [ { "ak": "{{Ak}}", "sk": "{{Sk}}" } ],
              "users": [ { "name": "{{UserName}}", "password": "{{Password}}" } ],
              "instances": [
                {
                  "id": "{{RedisInstanceId}}",
                  "name": "cache-1",
                  "engine": "redis",
                  "shards": [
                    { "name": "group-0", "replicas": [ { "id": "{{ReplicaId}}", "ip": "127.0.0.1", "port": {{replicaPort}}, "role": "master" } ] }
                  ]
                },
                {
                  "id": "{{MysqlInstanceId}}",
                  "name": "db-1",
                  "engine": "mysql",
                  "nodes": [ { "id": "n1", "ip": "127.0.0.1", "port": 3306, "time_zone": "Europe/Berlin" } ]
                }
              ]
            }
          ]
        }
        """;
}
