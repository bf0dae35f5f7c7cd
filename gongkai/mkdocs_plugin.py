"""The MkDocs plugin: a thin adapter from MkDocs' build events to gongkai's pipeline.

on_config   load and validate the records (errors stop the build), build the catalog (the gate)
on_files    add one in-memory page per public record and per generated page
on_page_content  hand MkDocs the HTML rendered by our templates (records skip Markdown)
on_post_page     compact the page's HTML (indentation and blank lines; smaller on phones)
on_post_build    write feeds, open data, the search index, assets and public attachments
on_serve    rebuild when anything under data/ changes
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from gongkai.build import OutputJob, SiteBuild
from gongkai.config import build_date, settings_from_mapping
from gongkai.render.compact import compact_html

log = logging.getLogger("mkdocs.plugins.gongkai")
PACKAGE = Path(__file__).resolve().parent


class GongkaiConfig(Config):
    data_dir = opt.Type(str, default="data")
    strict = opt.Type(bool, default=False)
    today = opt.Optional(opt.Type(str))
    settings = opt.Type(dict, default={})  # thresholds, see gongkai.config.Settings


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.specs: dict[str, Any] = {}
        self.outputs: OutputJob | None = None

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        try:
            settings = settings_from_mapping(
                {**self.config.settings, "data_dir": root / self.config.data_dir, "strict": self.config.strict}
            )
            today = build_date(self.config.today)
        except ValueError as exc:
            raise PluginError(f"gongkai 配置错误：{exc}") from None
        build = SiteBuild(settings, today, site_name=config.site_name, site_url=config.site_url or "", extra=dict(config.extra))
        # Feeds, open data and the search index are computed by a child process from now on,
        # on a second core, while this one validates and renders pages (see SiteBuild.start_output_files).
        self.outputs = build.start_output_files(Path(config.site_dir))
        problems = build.validate()
        for problem in problems:
            (log.error if problem.is_error else log.info)(problem.format())
        if build.failed:
            self.outputs.cancel()
            self.outputs = None
            raise PluginError(f"gongkai：记录校验发现 {build.error_count} 个错误，站点未生成。请按上面的提示修改后重试。")
        build.make_catalog()
        self.build = build
        theme_dirs = config.theme.dirs
        theme_dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE / "theme"))
        return config

    def on_files(self, files: Files, config) -> Files:
        assert self.build is not None
        existing = {f.src_uri for f in files}
        self.specs = {}
        for spec in self.build.pages(existing):
            meta = f"---\ntitle: {_yaml_string(spec.title)}\n" + (f"feed: {spec.feed}\n" if spec.feed else "") + "---\n"
            content = meta + (spec.render() if spec.markdown else f"# {spec.title}\n")
            # Record pages stay out of the navigation: at thousands of records a full nav makes
            # every page hundreds of KB and the build quadratic.
            inclusion = InclusionLevel.NOT_IN_NAV if spec.record else InclusionLevel.UNDEFINED
            files.append(File.generated(config, spec.src_uri, content=content, inclusion=inclusion))
            if not spec.markdown:
                self.specs[spec.src_uri] = spec
        # The site directory is clean by now: the child may write its files.
        assert self.outputs is not None
        self.outputs.release()
        return files

    def on_page_content(self, html: str, page, config, files) -> str:
        spec = self.specs.get(page.file.src_uri)
        return spec.render() if spec is not None else html

    def on_post_page(self, output: str, page, config) -> str:
        return compact_html(output)

    def on_post_build(self, config) -> None:
        assert self.build is not None
        site_dir = Path(config.site_dir)
        assert self.outputs is not None
        outputs, self.outputs = self.outputs, None
        try:
            outputs.join()
        except RuntimeError as exc:
            raise PluginError(f"gongkai：生成订阅、开放数据或检索索引时出错：\n{exc}") from None
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
        assets = site_dir / "assets" / "gongkai"
        shutil.copytree(PACKAGE / "assets", assets, dirs_exist_ok=True)
        for relative, source in self.build.attachments():
            target = site_dir / "attachments" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    def on_build_error(self, error) -> None:
        if self.outputs is not None:
            self.outputs.cancel()
            self.outputs = None

    def on_serve(self, server, config, builder):
        assert self.build is not None
        server.watch(str(self.build.settings.data_dir))
        return server


_EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
