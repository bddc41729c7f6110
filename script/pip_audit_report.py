"""Read pip-audit's JSON report for script/security-checks and decide pass or fail.

Usage: pip_audit_report.py REPORT.json PIP_AUDIT_EXIT_CODE SERVICE STDERR_FILE
Fails on any known vulnerability (ids in .pip-audit-ignore were passed to pip-audit as
--ignore-vuln and so never appear here), and when the service answered for no package at
all, unless CASEREVIEW_PIP_AUDIT_UNREACHABLE=warn.
"""

import json
import os
import sys

path, rc, service, err_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
try:
    with open(path) as handle:
        data = json.load(handle)
except (OSError, ValueError):
    print(f"pip-audit failed before reporting (exit {rc}):", file=sys.stderr)
    print(open(err_path).read(), file=sys.stderr)
    sys.exit(1)
deps = data.get("dependencies", [])
skipped = [d for d in deps if d.get("skip_reason")]
audited = [d for d in deps if not d.get("skip_reason")]
vulnerable = [d for d in audited if d.get("vulns")]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})", file=sys.stderr)
if vulnerable:
    print("Upgrade the pin in constraints.txt, or list the id in .pip-audit-ignore with why it does not apply.",
          file=sys.stderr)
    sys.exit(1)
if deps and not audited:
    message = (f"pip-audit could not audit any of the {len(deps)} pinned packages: the '{service}' vulnerability "
               f"service did not answer for them (first: {skipped[0]['skip_reason']}). NOT AUDITED.")
    if os.environ.get("CASEREVIEW_PIP_AUDIT_UNREACHABLE") == "warn":
        print("WARNING: " + message + " Going on because CASEREVIEW_PIP_AUDIT_UNREACHABLE=warn.")
        sys.exit(0)
    print(message + " Run where the service is reachable, or set CASEREVIEW_PIP_AUDIT_UNREACHABLE=warn "
          "to go on knowingly.", file=sys.stderr)
    sys.exit(1)
if rc not in (0, 1):
    print(open(err_path).read(), file=sys.stderr)
    sys.exit(1)
for dep in skipped:
    print(f"not audited: {dep['name']}: {dep['skip_reason']}")
print(f"pip-audit: {len(audited)} pinned packages audited against '{service}', no known vulnerabilities"
      + (f"; {len(skipped)} not audited (listed above)" if skipped else ""))
