"""The MkDocs plugin: a thin adapter from MkDocs' build events to gongkai's pipeline.

on_config   load and validate the records (errors stop the build), build the catalog (the gate)
on_files    add one in-memory page per public record and per generated page; freeze what exists
            for the cycle collector (it lives to the end of the build)
on_env      JSON in pages without ASCII escapes (smaller pages); a per-build cache of the
            record pages' navigation sidebars (see theme/main.html); the site's national page tags
            (gongkai.render.page_tags)
on_page_content  hand MkDocs the HTML rendered by our templates (generated pages)
on_page_context  a record page's HTML, rendered just before the theme writes it (records skip
                 Markdown, and their HTML is not held for the whole build); the page's own
                 national tags (column or article)
on_post_page     compact the page's HTML (indentation and blank lines; smaller on phones); drop
                 a record page's HTML
on_post_build    wait for feeds, open data, the search index and public attachments (written by a
                 child process), write our assets and the sitemaps (split at 50,000 URLs)
on_serve    rebuild when anything under data/ changes (told by file events where the system has
            them, not polled: gongkai.plugin.watch); after a change to record files only, build
            just the pages it touches (gongkai.build.preview); on errors keep the last good site and
            show them over every page

The plugin's options (from gongkai.config.Settings) are in gongkai.plugin.config.

Record text reaches the theme only through `theme_text`: MkDocs and Material print page titles,
the header topic, the table of contents and meta descriptions raw (MkDocs treats a title as
HTML), so a value is escaped there, once, as `Markup` (whose `| e` in a theme template is then a
no-op instead of a second escape). The site's own name and description are escaped the same way in
`on_config` (mkdocs.yml is input too; the footer escapes its fields itself), after
`gongkai.validate.site_config` has checked them and refused any URL setting other than http(s).
"""

from __future__ import annotations

import functools
import gc
import json
import logging
import shutil
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from gongkai.build.admin import AdminError, admin_files, write_admin
from gongkai.build.output import OutputJob, OutputProcessError, start_output_files
from gongkai.build.preview import Plan, Preview, Snapshot, with_banner
from gongkai.build.site import SiteBuild
from gongkai.build.theme_files import drop_source_maps
from gongkai.config import build_date
from gongkai.plugin.config import GongkaiConfig, check_site_config, project_settings, site_config
from gongkai.plugin.inspection import log_inspection
from gongkai.plugin.pages import PageFile, RecordPage, skip_target, theme_text
from gongkai.plugin.watch import watch_by_events
from gongkai.render.banner import banner_html
from gongkai.render.compact import compact_html
from gongkai.render.inspection import inspection_spec
from gongkai.render.page_tags import site_tags
from gongkai.render.sitemaps import sitemap_files
from gongkai.render.spec import PageSpec
from gongkai.validate.inspection import Result, SiteView, inspect

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext
    from watchdog.observers.api import BaseObserver

log = logging.getLogger("mkdocs.plugins.gongkai")
PACKAGE = Path(__file__).resolve().parents[1]  # the gongkai package: theme/ and assets/


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.specs: dict[str, PageSpec] = {}
        self.outputs: OutputJob | None = None
        self.files: Files | None = None
        self.preview: Preview | None = None  # under `mkdocs serve`: state kept between builds
        self.plan: Plan | None = None  # the pages this (preview) build renders; None: all
        self.refresh: OutputJob | None = None  # feeds, open data and search index refreshed after a preview build
        self.events: BaseObserver | None = None  # serve: data/ watched by file events (gongkai.plugin.watch)
        self.patch_config: MkDocsConfig | None = None  # the last full build's configuration, reused by preview builds
        # preview: the Jinja environment of the last full build (compiled templates)
        self.patch_env: jinja2.Environment | None = None
        self.record_files: dict[str, PageFile] = {}  # preview: outside-nav pages' files, reused while not stale
        self.page_tags: dict[str, tuple[tuple[str, str], ...]] = {}  # in-nav generated pages' national tags
        self.inspection: list[Result] = []  # the national inspection's results (gongkai.validate.inspection)
        self.admin: dict[str, bytes] = {}  # the editors' CMS (/admin/), when cms_enabled

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance (and so the preview's state) across rebuilds.
        self.preview = Preview() if command == "serve" else None

    def on_shutdown(self) -> None:
        self._stop_refresh()
        if self.events is not None:
            self.events.stop()
            self.events = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError(_NO_DIRECTORY_URLS)
        settings = project_settings(self.config, config.config_file_path)
        today = build_date(self.config.today)
        site = site_config(config)  # as written (a preview build's config holds the escaped values)
        check_site_config(site, log, settings.agencies)
        try:  # before any work: a missing bundle stops the build with the command to run
            root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
            self.admin = admin_files(settings, root, site.site_name) if settings.cms_enabled else {}
        except AdminError as exc:
            raise PluginError(str(exc)) from None
        build = SiteBuild(settings, today, site_name=site.site_name, site_url=config.site_url or "", extra=site.extra)
        # The theme prints these raw on every page (Material's header, drawer, <title>, meta
        # description): escaped here, once, as record titles are (theme_text).
        config.site_name = theme_text(site.site_name)
        if isinstance(site.site_description, str):
            config.site_description = theme_text(site.site_description)
        preview = self.preview
        self._stop_refresh()
        # Feeds, open data and the search index are computed by a child process from now on,
        # on a second core, while this one validates and renders pages (see gongkai.build.output.start_output_files).
        # A preview build refreshes them in the background once its pages are written.
        self.outputs = None if preview and preview.patching else start_output_files(build, Path(config.site_dir))
        problems = build.validate(preview.load, preview.memo) if preview else build.validate()
        for problem in problems:
            (log.error if problem.is_error else log.info)(problem.format())
        if preview:
            preview.validated(problems, build.failed)
        if build.failed and self.outputs is not None:
            self.outputs.cancel()
            self.outputs = None
        if build.failed:
            raise PluginError(
                f"gongkai：记录校验发现 {build.error_count} 个错误，站点未生成。请按上面的提示修改后重试。"
            )
        build.make_catalog()
        if not preview:  # the preview re-validates from them after the next save
            build.release_sources()
            gc.freeze()  # the catalog lives to the end of the build: see on_files
        self.build = build
        # MkDocs' sitemap is one file whatever the page count; ours is split (on_post_build).
        config.theme.static_templates.discard("sitemap.xml")
        theme_dirs = config.theme.dirs
        if str(PACKAGE / "theme") not in theme_dirs:  # a preview build reuses the configuration
            theme_dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE / "theme"))
        return config

    def _inspect(self, config: MkDocsConfig, existing: set[str]) -> PageSpec:
        """The national inspection of this build (logged in on_post_build) and its editors' page."""
        assert self.build is not None and self.build.catalog is not None
        view = SiteView(self.build.catalog, self.build.settings, site_config(config), frozenset(existing))
        self.inspection = inspect(view)
        return inspection_spec(self.inspection, self.build.site, self.build.today)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None and self.build.catalog is not None
        existing = {f.src_uri for f in files}
        self.specs = {}
        self.page_tags = {}
        specs = self.build.pages(existing)
        specs.append(self._inspect(config, existing))  # the editors' page (not in the nav)
        self.plan = plan = self.preview.plan(specs, self.build.catalog) if self.preview else None
        if plan is None:
            self.record_files = {}
        for spec in specs:
            if plan is not None and spec.src_uri in plan.contents:
                spec.render = functools.partial(str, plan.contents[spec.src_uri])  # rendered while planning
            elif self.preview and plan is None and not spec.record:  # listings: noted for the next preview build
                spec.render = functools.partial(_noted, spec.render, spec.src_uri, self.preview)
            stale = plan is None or spec.src_uri in plan.stale
            if spec.outside_nav:
                # Record pages (and listings' year pages) stay out of the navigation: at thousands
                # of records a full nav makes every page hundreds of KB and the build quadratic.
                file: File | None
                file = None if stale else self.record_files.get(spec.src_uri)  # a preview build keeps the others'
                if file is None:
                    file = PageFile.generated(config, spec.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
                    assert isinstance(file, PageFile)  # generated() makes an instance of the class it is called on
                    RecordPage(spec, file, config)
                    if self.preview:
                        self.record_files[spec.src_uri] = file
                file.gk_stale = stale
                files.append(file)
                continue
            meta = (
                f"---\ntitle: {_yaml_string(theme_text(spec.title))}\n"
                + (f"feed: {spec.feed}\n" if spec.feed else "")
                + "---\n"
            )
            content = meta + (spec.render() if spec.markdown and stale else f"# {spec.title}\n")
            file = PageFile.generated(config, spec.src_uri, content=content)
            assert isinstance(file, PageFile)
            file.gk_stale = stale
            files.append(file)
            if spec.tags:
                self.page_tags[spec.src_uri] = spec.tags
            if not spec.markdown:
                self.specs[spec.src_uri] = spec
        if plan is not None:
            for src_uri in plan.removed:  # a record deleted, renamed or held back: its page goes
                self.record_files.pop(src_uri, None)
                Path(File.generated(config, src_uri, content="").abs_dest_path).unlink(missing_ok=True)
        # The site directory is clean by now: the child may write its files.
        if self.outputs is not None:
            self.outputs.release()
        self.files = files
        if self.preview is None:
            # What exists now (records, catalog, page specs, files, pages) lives until the build
            # ends: the cycle collector need not walk it again at every full pass while pages are
            # written (seconds at 30,000 records). Unfrozen in on_post_build / on_build_error.
            gc.freeze()
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.plan is not None:
            # A preview build renders only the stale pages; the others still need their titles
            # (from their front matter) for the navigation of those it renders.
            for file in files.documentation_pages():
                if (
                    isinstance(file, PageFile)
                    and not file.gk_stale
                    and file.page is not None
                    and file.page.markdown is None
                ):
                    file.page.read_source(config)
        return nav

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.plan is not None and self.patch_env is not None:
            env = self.patch_env  # a preview build: same theme and configuration, templates already compiled
        elif self.preview:
            self.patch_env = env
        # Material writes its settings and translations into every page as JSON; with the
        # default ASCII escapes each Chinese character takes 6 bytes instead of 3. (Jinja's
        # tojson still escapes < > & ' so the JSON stays safe inside <script>.)
        env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False}
        # Navigation sidebars of record pages, one per section, filled by our main.html (on_env
        # runs once per build, so a rebuild under `mkdocs serve` starts empty).
        env.globals["gk_section_nav"] = {}
        # The national monitoring platform's tags of every page (404 too); a page's own are in
        # its meta (gk_tags, set in on_page_context). Plain text: theme/main.html escapes them.
        assert self.build is not None
        env.globals["gk_site_tags"] = site_tags(self.build.site)
        return env

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return html
        page.toc = skip_target(spec.title)  # the stub heading's anchor is gone with the stub
        return spec.render()

    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if isinstance(page, RecordPage):
            page.content = page.spec.render()  # just before the theme writes it (see RecordPage)
            page.meta["gk_tags"] = page.spec.tags
        else:
            page.meta["gk_tags"] = self.page_tags.get(page.file.src_uri, ())
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, RecordPage):
            page.content = None  # written: its HTML is not needed any more
        return compact_html(output)

    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        assert self.build is not None
        site_dir = Path(config.site_dir)
        outputs, self.outputs = self.outputs, None
        reason = None
        if outputs is None:  # a preview build: refreshed in the background, written when ready
            self.refresh = start_output_files(self.build, site_dir)
            self.refresh.release()
            threading.Thread(target=_reap, args=(self.refresh.process,), daemon=True).start()
        else:
            try:
                reason = outputs.join()
            except OutputProcessError as exc:
                raise PluginError(f"gongkai：生成订阅、开放数据或检索索引时出错：\n{exc}") from None
        if outputs is not None and reason == OutputJob.DIED:  # only a joined job has a reason
            log.warning(
                "gongkai：输出进程意外退出（代码 %s），订阅、开放数据、检索索引和附件已改由主进程生成。",
                outputs.process.exitcode,
            )
        elif reason == OutputJob.STALE:
            log.warning(
                "gongkai：生成期间有记录文件被修改，订阅、开放数据、检索索引和附件已按校验过的内容由主进程生成；"
                "修改的内容将在下一次生成时校验并发布。"
            )
        # Material's script fetches "sitemap.xml" beside every <link rel="alternate"> (meant for
        # language versions); for our feed links that is /feeds/sitemap.xml. An empty sitemap
        # answers it instead of a 404 on every page view.
        (site_dir / "feeds" / "sitemap.xml").write_text(_EMPTY_SITEMAP, encoding="utf-8")
        if "material/search" not in config.plugins and "search" not in config.plugins:
            # Material copies its lunr search (≈1 MB) even when the search plugin is off; our
            # search replaces it, so nothing loads these files.
            scripts = site_dir / "assets" / "javascripts"
            shutil.rmtree(scripts / "lunr", ignore_errors=True)
            shutil.rmtree(scripts / "workers", ignore_errors=True)
        drop_source_maps(site_dir)  # read by developers' browser tools only (gongkai.build.theme_files)
        log_inspection(self.inspection, self.build.today, log)
        write_admin(site_dir, self.admin)
        assets = site_dir / "assets" / "gongkai"
        shutil.copytree(PACKAGE / "assets", assets, dirs_exist_ok=True)
        if self.files is not None:
            pages = [f.page for f in self.files.documentation_pages() if f.page is not None and not f.page.is_link]
            pages = [p for p in pages if not (isinstance(p, RecordPage) and p.spec.editorial)]  # /inspection/
            urls = [(url, page.update_date) for page in pages if (url := page.canonical_url or page.abs_url)]
            for relative, content in sitemap_files(urls, config.site_url or "").items():
                (site_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                (site_dir / relative).write_bytes(content)
        if self.preview:
            if not self.preview.patching:
                self.patch_config = config
            self.preview.succeeded()

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        if self.outputs is not None:
            self.outputs.cancel()
            self.outputs = None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
        assert self.build is not None
        data_dir = self.build.settings.data_dir
        self.events = watch_by_events(server, data_dir)  # not polled: see gongkai.plugin.watch
        if self.preview is not None:
            roots = [
                data_dir,
                Path(config.docs_dir),
                *([Path(config.config_file_path)] if config.config_file_path else []),
            ]
            self.preview.snapshot = Snapshot(roots)
            server.builder = functools.partial(self._rebuild, builder, roots, data_dir)
            app = server.get_app()
            assert app is not None  # MkDocs' server has its app before on_serve
            server.set_app(with_banner(app, self._banner))
        return server

    def _rebuild(self, full_build: Callable[[], None], roots: list[Path], data_dir: Path) -> None:
        """`mkdocs serve`'s builder: a preview build after changes to record files only, else a
        full one. A build stopped by the records' errors is not a failure of the server: the last
        good site stays, the browsers reload and show the errors over it (`_banner`)."""
        assert self.preview is not None
        try:
            if self.preview.choose(roots, data_dir) and self.patch_config is not None:
                build_log = logging.getLogger("mkdocs.commands.build")
                build_log.addFilter(_quiet_dirty_warning)
                try:
                    mkdocs_build(self.patch_config, serve_url=self.patch_config.site_url, dirty=True)
                finally:
                    build_log.removeFilter(_quiet_dirty_warning)
            else:
                full_build()
        except Exception:
            if not self.preview.problems:
                raise
            log.warning("gongkai：记录有错误，预览仍显示上次成功生成的网站，错误列在每页底部。改正后自动刷新。")

    def _banner(self) -> bytes | None:
        problems = self.preview.problems if self.preview else []
        return banner_html(problems).encode("utf-8") if problems else None

    def _stop_refresh(self) -> None:
        if self.refresh is not None:
            self.refresh.cancel()
            self.refresh = None


def _noted(render: Callable[[], str], src_uri: str, preview: Preview) -> str:
    """A listing page's content, noted by the preview (compared with the next preview build's)."""
    content = render()
    preview.rendered(src_uri, content)
    return content


def _reap(process: BaseProcess) -> None:
    """Wait for a background refresh to end (no zombie process) and say if it failed."""
    process.join()
    if process.exitcode not in (0, -signal.SIGTERM, None):  # None: cancelled and reaped meanwhile
        log.warning(
            "gongkai：后台更新订阅、开放数据和检索索引失败（代码 %s）；保存任一记录即可重试。", process.exitcode
        )


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning about "dirty" builds (inaccurate navigation): a preview build renders
    every page its change can alter."""
    return "'dirty' build" not in record.getMessage()


_NO_DIRECTORY_URLS = (
    "gongkai 配置错误：mkdocs.yml 中的 use_directory_urls: false 不受支持。政务公开记录的网址是固定的"
    "（/<类型>/<标识>/，外部链接和订阅依赖它），请删除这一行或改为 use_directory_urls: true。"
)

_EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
