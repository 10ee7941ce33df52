"""scripts/offline-package: a zip of the site that works without a server, from a USB stick or a share.

Unpack the zip and open index.html: navigation, search, Check je bericht and
the PDFs all work from the file system. It uses Material's offline plugin, and
a local copy of the iframe-worker shim (search without a server) from the
pinned npm package instead of unpkg.com, so the package loads nothing from outside.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from protocol.build import build_site
from protocol.model import load_settings, slug

IFRAME_WORKER = "iframe-worker@1.0.4"  # the version Material's offline plugin loads from unpkg
CACHE = Path.cwd() / ".cache"


def iframe_worker_shim() -> Path:
    """The shim from the npm registry, cached in .cache/ after the first download."""
    target = CACHE / f"{IFRAME_WORKER.replace('@', '-')}-shim.js"
    if target.is_file():
        return target
    if shutil.which("npm") is None:
        raise SystemExit("Fout: npm ontbreekt; installeer Node.js en npm (sudo apt-get install npm).")
    CACHE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(["npm", "pack", IFRAME_WORKER, "--pack-destination", tmp, "--silent"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"Fout: kon {IFRAME_WORKER} niet ophalen uit de npm-registry.\n{result.stderr.strip()}")
        archive = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            shim = tar.extractfile("package/shim/index.js").read()
    target.write_bytes(shim)
    return target


def build_zip(project: Path, output: Path) -> Path:
    settings = load_settings(project)
    name = f"protocol-{slug(settings['kantoor']['korte_naam'])}-v{slug(settings['protocol']['versie'])}-offline"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / name
        result = build_site(project, site, pdf=True, offline_shim=str(iframe_worker_shim()))
        if not result.ok:
            print("\n".join(result.errors))
            raise SystemExit("Het offline pakket is niet gemaakt: de site kon niet gebouwd worden.")
        output.mkdir(parents=True, exist_ok=True)
        target = output / f"{name}.zip"
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(site.rglob("*")):
                relative = path.relative_to(site)
                if path.is_file() and not relative.name.startswith("."):  # no server configuration
                    archive.write(path, f"{name}/{relative.as_posix()}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak een zip van de site die werkt zonder server.")
    parser.add_argument("--uitvoer", type=Path, default=Path.cwd() / "dist", help="map voor de zip (standaard: dist)")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    target = build_zip(args.project.resolve(), args.uitvoer.resolve())
    print(f"Offline pakket gemaakt: {target} ({target.stat().st_size // 1024} kB)")
    print("Pak het uit en open index.html in je browser.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
