// The Operations tests drive Linux tools (nginx, pg_ctl, systemd-analyze); the rest of the suite runs on Linux too.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
