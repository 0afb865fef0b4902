"""GPU check for onnxdl (see gpu-check.sh for usage). Standard library only.

Stages, each with a timeout inside one overall budget; a failing stage is recorded and the next
one runs. Order puts the headline first: onnxdl bench and PyTorch eager for each model (cnn, convnet) at each batch size
(interleaved, so a short budget still yields pairs), then node placement, then the CLI
train + evaluate path.
"""
import argparse, glob, json, os, re, shutil, subprocess, sys, threading, time

CUDA_LIBS = ["libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"]
DRIVER_LIB = "libcuda.so.1"
SYSTEM_LIB_DIRS = ["/usr/local/cuda/lib64", *sorted(glob.glob("/usr/local/cuda-13*/lib64")), "/usr/local/nvidia/lib64",
                   "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib"]
TIMEOUTS = {"bench": 90, "torch": 90, "placement": 60, "train": 150, "evaluate": 60, "inference": 60}
MIN_STAGE_SECONDS = 15
LOG_TAIL_BYTES = 200_000


def parse_args():
    p = argparse.ArgumentParser(description="onnxdl GPU check")
    p.add_argument("bundle", help="the assembled bundle (onnxdl/, data/fashion-mnist/, anchors/)")
    p.add_argument("--cpu-dry-run", action="store_true", help="run every stage on CPU with tiny sizes")
    p.add_argument("--budget", type=float, default=330, help="seconds for all stages together")
    p.add_argument("--batches", default="32,128,512")
    p.add_argument("--models", default="cnn,convnet", help="models to bench against PyTorch (models/*.json names the anchor knows)")
    return p.parse_args()


class Check:
    def __init__(self, args):
        self.bundle = os.path.abspath(args.bundle)
        self.dry = args.cpu_dry_run
        self.device = "cpu" if self.dry else "cuda"
        self.deadline = time.monotonic() + args.budget
        self.batches = [int(b) for b in args.batches.split(",")]
        self.models = args.models.split(",")
        self.tool = os.path.join(self.bundle, "onnxdl", "onnxdl")
        self.data = os.path.join(self.bundle, "data", "fashion-mnist")
        self.anchor = os.path.join(self.bundle, "anchors", "seed_cnn.py")
        out = os.environ.get("OUT")
        self.out = out if out else self.bundle
        self.logs = os.path.join(self.out, "gpu-logs")
        self.work = os.path.join(self.bundle, "work")
        os.makedirs(self.logs, exist_ok=True)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.env = dict(os.environ)
        self.summary = {"mode": "cpu-dry-run" if self.dry else "cuda", "stages": {}}
        self.torch_python = None

    # ---- running things -------------------------------------------------------------------
    def remaining(self):
        return self.deadline - time.monotonic()

    def run(self, name, cmd, limit, env=None):
        """Runs cmd with a timeout; logs stdout/stderr; returns (rc or None on timeout, stdout, stderr, seconds)."""
        start = time.monotonic()
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, env=env or self.env, cwd=self.work)
            rc, so, se = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, so, se = None, text(e.stdout), text(e.stderr) + f"\n[timed out after {limit:.0f} s]"
        except OSError as e:
            rc, so, se = 127, "", str(e)
        for suffix, content in (("stdout", so), ("stderr", se)):
            with open(os.path.join(self.logs, f"{name}.{suffix}"), "w") as f:
                f.write(content[-LOG_TAIL_BYTES:])
        return rc, so, se, time.monotonic() - start

    def stage(self, name, kind, body):
        """Runs body(limit) -> dict within the budget; records ok/failed/skipped with timings."""
        limit = min(TIMEOUTS[kind], self.remaining())
        if limit < MIN_STAGE_SECONDS:
            self.summary["stages"][name] = {"status": "skipped", "reason": "overall budget spent"}
            return None
        start = time.monotonic()
        try:
            record = body(name, limit)
        except StageError as e:
            record = {"status": "failed", "error": str(e)}
        except Exception as e:  # a bug here must not cost the other stages
            record = {"status": "failed", "error": f"{type(e).__name__}: {e}"}
        record.setdefault("status", "ok")
        record["seconds"] = round(time.monotonic() - start, 1)
        self.summary["stages"][name] = record
        print(f"gpu-check: {name}: {record['status']} ({record['seconds']} s)", file=sys.stderr, flush=True)
        return record

    def checked(self, name, cmd, limit, env=None):
        rc, so, se, _ = self.run(name, cmd, limit, env)
        if rc != 0:
            what = "timed out" if rc is None else f"exit code {rc}"
            raise StageError(f"{' '.join(cmd[:2])} … {what}: {tail(se or so)}")
        return so

    # ---- environment ----------------------------------------------------------------------
    def environment(self):
        info = {}
        try:
            with open(os.path.join(self.bundle, "bundle.json")) as f:
                info["bundle"] = json.load(f)
        except OSError as e:
            info["bundle"] = {"error": str(e)}
        if not self.dry:
            info["gpu"] = self.gpu_info()
        sites = self.python_sites()
        info["libraries"] = self.find_libraries(sites)
        info["torch_python"] = self.torch_python
        self.summary["environment"] = info

    def gpu_info(self):
        rc, so, se, _ = self.run("nvidia-smi", ["nvidia-smi", "--query-gpu=name,driver_version,memory.total,compute_cap",
                                                "--format=csv,noheader"], 30)
        gpus = [line.strip() for line in so.splitlines() if line.strip()] if rc == 0 else []
        rc2, full, _, _ = self.run("nvidia-smi-full", ["nvidia-smi"], 30)
        cuda = re.search(r"CUDA Version:\s*([\d.]+)", full or "")
        return {"gpus": gpus, "driver_cuda": cuda.group(1) if cuda else None, "error": None if rc == 0 else tail(se)}

    def python_sites(self):
        """site-packages of every Python found, in order; the first with torch becomes the anchor's Python."""
        candidates = [sys.executable, shutil.which("python3"), shutil.which("python"),
                      os.path.join(os.environ.get("VIRTUAL_ENV", "/nonexistent"), "bin", "python"),
                      os.path.join(os.environ.get("CONDA_PREFIX", "/nonexistent"), "bin", "python"),
                      "/opt/conda/bin/python", "/usr/local/bin/python3", "/usr/bin/python3",
                      *glob.glob("/opt/*/bin/python3"), *glob.glob(os.path.expanduser("~/*/bin/python3")),
                      *glob.glob(os.path.expanduser("~/.*/bin/python3")), *glob.glob("/workspace/*/bin/python3")]
        seen, sites = set(), []
        code = "import json,site,sys; print(json.dumps(site.getsitepackages() + [site.getusersitepackages()] + sys.path))"
        for python in candidates:
            if not python or python in seen or not os.path.exists(python):
                continue
            seen.add(python)
            try:
                paths = json.loads(subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=20).stdout)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                continue
            for sp in paths:
                if sp.endswith("-packages") and os.path.isdir(sp) and sp not in sites:
                    sites.append(sp)
                    if self.torch_python is None and os.path.isdir(os.path.join(sp, "torch")):
                        self.torch_python = python
        return sites

    def find_libraries(self, sites):
        dirs = [d for d in self.env.get("LD_LIBRARY_PATH", "").split(":") if d]
        for sp in sites:
            dirs += sorted({os.path.dirname(p) for p in glob.glob(os.path.join(sp, "nvidia", "**", "lib*.so*"), recursive=True)})
        dirs += SYSTEM_LIB_DIRS + ldconfig_dirs()
        libs = CUDA_LIBS + [DRIVER_LIB]
        found = {}
        for lib in libs:
            hit = next((os.path.join(d, lib) for d in dirs if os.path.exists(os.path.join(d, lib))), None)
            if hit:
                found[lib] = hit
        if not self.dry:
            found.update(find_on_disk([lib for lib in libs if lib not in found]))
        missing = [lib for lib in libs if lib not in found]
        path = unique([os.path.dirname(p) for p in found.values()] + [d for d in self.env.get("LD_LIBRARY_PATH", "").split(":") if d])
        self.env["LD_LIBRARY_PATH"] = ":".join(path)
        provider = os.path.join(self.bundle, "onnxdl", "libonnxruntime_providers_cuda.so")
        rc, so, se, _ = self.run("ldd-provider", ["ldd", provider], 30)
        unresolved = [line.split()[0] for line in so.splitlines() if "not found" in line]
        return {"found": found, "missing": missing, "ld_library_path": self.env["LD_LIBRARY_PATH"],
                "provider_unresolved": unresolved if rc == 0 else [f"ldd failed: {tail(se)}"]}

    # ---- stages ---------------------------------------------------------------------------
    def samples(self, model):
        """Training samples per bench: the seed CNN's full epoch, a third of it for the heavier convnets."""
        return 512 if self.dry else (60000 if model == "cnn" else 20000)

    def bench(self, model, batch):
        def body(name, limit):
            with GpuMemory(not self.dry) as memory:
                so = self.checked(name, [self.tool, "bench", "--model", model, "--device", self.device, "--batch-size", str(batch),
                                         "--samples", str(self.samples(model)), "--data-dir", self.data], limit)
            return {"result": last_json(so), "gpu_peak_mb": memory.peak}
        return self.stage(f"onnxdl_bench_{model}_{batch}", "bench", body)

    def torch(self, model, batch):
        def body(name, limit):
            if not os.path.exists(self.anchor):
                return {"status": "skipped", "reason": f"{self.anchor} is not in the bundle"}
            if self.torch_python is None:
                return {"status": "skipped", "reason": "no Python with torch found"}
            with GpuMemory(not self.dry) as memory:
                so = self.checked(name, [self.torch_python, self.anchor, model, "1", str(batch), str(self.samples(model)),
                                         "--data", self.data, "--device", self.device], limit)
            result = re.search(r"RESULT .*samples_per_s=(\d+(?:\.\d+)?) device=(\S+)", so)
            accuracy = re.findall(r"test_acc ([\d.]+)", so)
            if not result:
                raise StageError(f"no RESULT line in the anchor's output: {tail(so)}")
            return {"result": {"samples_per_s": float(result.group(1)), "device": result.group(2),
                               "test_accuracy": float(accuracy[-1]) if accuracy else None}, "gpu_peak_mb": memory.peak}
        return self.stage(f"torch_eager_{model}_{batch}", "torch", body)

    def bench_heuristic(self, batch):
        """The same bench with cuDNN's heuristic convolution choice instead of the exhaustive search."""
        samples = 512 if self.dry else 60000
        def body(name, limit):
            env = dict(self.env, ONNXDL_CUDA_OPTIONS="cudnn_conv_algo_search=HEURISTIC")
            so = self.checked(name, [self.tool, "bench", "--model", "cnn", "--device", self.device, "--batch-size", str(batch),
                                     "--samples", str(samples), "--data-dir", self.data], limit, env)
            return {"result": last_json(so)}
        return self.stage(f"onnxdl_bench_{batch}_heuristic", "bench", body)

    def inference(self, batch):
        """Deployment throughput: model.onnx through a Predictor, batches of random images."""
        images = 256 if self.dry else (2000 if batch == 1 else 51200)
        def body(name, limit):
            so = self.checked(name, [self.tool, "bench", "--inference", "--model", "cnn", "--device", self.device,
                                     "--batch-size", str(batch), "--samples", str(images)], limit)
            return {"result": last_json(so)}
        return self.stage(f"onnxdl_inference_{batch}", "inference", body)

    def placement(self):
        """A short bench with ONNX Runtime profiling on; the profile names each node's execution provider."""
        def body(name, limit):
            prefix = os.path.join(self.work, "profile", "ort")
            os.makedirs(os.path.dirname(prefix))
            env = dict(self.env, ONNXDL_ORT_PROFILE=prefix)
            self.checked(name, [self.tool, "bench", "--model", "cnn", "--device", self.device, "--batch-size", "128",
                                "--samples", "512" if self.dry else "6400", "--data-dir", self.data], limit, env)
            files = sorted(glob.glob(prefix + "*.json"))
            if not files:
                raise StageError(f"no profile written as {prefix}*.json: does this onnxdl honour ONNXDL_ORT_PROFILE?")
            sessions = [summarize_profile(f) for f in files]
            return {"sessions": sessions, "cpu_nodes": sum(s["by_provider"].get("CPUExecutionProvider", 0) for s in sessions)}
        return self.stage("node_placement", "placement", body)

    def train_and_evaluate(self):
        out_dir = os.path.join(self.work, "train")
        limit_args = ["--limit", "512"] if self.dry else []
        def train(name, limit):
            so = self.checked(name, [self.tool, "train", "--model", os.path.join(self.bundle, "onnxdl", "models", "cnn.json"),
                                     "--data", f"idx:{self.data}", "--out", out_dir, "--epochs", "1", "--device", self.device,
                                     "--quiet", *limit_args], limit)
            return {"last_lines": so.strip().splitlines()[-3:]}
        trained = self.stage("cli_train", "train", train)
        if not trained or trained["status"] != "ok":
            return
        def evaluate(name, limit):
            so = self.checked(name, [self.tool, "evaluate", "--model", os.path.join(out_dir, "model.onnx"), "--data",
                                     f"idx:{self.data}:test", "--json", "--device", self.device], limit)
            return {"result": last_json(so)}
        self.stage("cli_evaluate", "evaluate", evaluate)

    def model_batches(self):
        return [(m, b) for m in self.models for b in self.batches]

    def compare(self):
        rows = []
        for model, batch in self.model_batches():
            ours = self.summary["stages"].get(f"onnxdl_bench_{model}_{batch}", {}).get("result") or {}
            theirs = self.summary["stages"].get(f"torch_eager_{model}_{batch}", {}).get("result") or {}
            a, b = ours.get("samples_per_s"), theirs.get("samples_per_s")
            rows.append({"model": model, "batch": batch, "onnxdl_samples_per_s": a, "torch_samples_per_s": b,
                         "onnxdl_over_torch": round(a / b, 3) if a and b else None,
                         "onnxdl_test_accuracy": ours.get("test_accuracy"), "torch_test_accuracy": theirs.get("test_accuracy")})
        self.summary["comparison"] = rows

    def main(self):
        start = time.monotonic()
        self.environment()
        for model, batch in self.model_batches():
            self.bench(model, batch)
            self.torch(model, batch)
        for batch in (32, 512):
            self.bench_heuristic(batch)
        for batch in (1, 256):
            self.inference(batch)
        self.placement()
        self.train_and_evaluate()
        self.compare()
        self.summary["total_seconds"] = round(time.monotonic() - start, 1)
        text_out = json.dumps(self.summary, indent=1)
        with open(os.path.join(self.out, "gpu-summary.json"), "w") as f:
            f.write(text_out + "\n")
        print(text_out)
        failed = [n for n, s in self.summary["stages"].items() if s["status"] == "failed"]
        return 1 if failed else 0


class StageError(Exception):
    pass


class GpuMemory:
    """Peak GPU memory (MiB above the level before) from nvidia-smi polled every 100 ms; None when off."""
    def __init__(self, on):
        self.on, self.peak, self.proc = on, None, None

    def __enter__(self):
        if self.on and shutil.which("nvidia-smi"):
            query = ["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"]
            try:
                self.base = max(int(v) for v in subprocess.run(query, capture_output=True, text=True, timeout=20).stdout.split())
                self.top = self.base
                self.proc = subprocess.Popen(query + ["-lms", "100"], stdout=subprocess.PIPE, text=True)
                self.thread = threading.Thread(target=self.read, daemon=True)
                self.thread.start()
            except (OSError, ValueError, subprocess.TimeoutExpired):
                self.proc = None
        return self

    def read(self):
        for line in self.proc.stdout:
            if line.strip().isdigit():
                self.top = max(self.top, int(line))

    def __exit__(self, *exc):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.thread.join(timeout=5)
            self.peak = self.top - self.base
        return False


def summarize_profile(path):
    """Counts an ORT profile's nodes per execution provider, the CPU ones per op type, and where kernel time goes."""
    with open(path) as f:
        events = json.load(f)
    if isinstance(events, dict):
        events = events.get("traceEvents", [])
    nodes, op_us, node_us = {}, {}, {}
    for e in events:
        args = e.get("args") or {}
        if e.get("cat") == "Node" and "provider" in args:
            name = re.sub(r"_(kernel_time|fence_before|fence_after)$", "", e.get("name", ""))
            nodes[name] = (args["provider"], args.get("op_name", "?"))
            if e.get("name", "").endswith("_kernel_time"):
                op = args.get("op_name", "?")
                op_us[op] = op_us.get(op, 0) + e.get("dur", 0)
                node_us[name] = node_us.get(name, 0) + e.get("dur", 0)
    by_provider, cpu_ops = {}, {}
    for provider, op in nodes.values():
        by_provider[provider] = by_provider.get(provider, 0) + 1
        if provider == "CPUExecutionProvider":
            cpu_ops[op] = cpu_ops.get(op, 0) + 1
    memcpy = sum(1 for _, op in nodes.values() if op.startswith("Memcpy"))
    top = lambda d, n: [[k, round(v / 1000, 2)] for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:n]]
    return {"file": os.path.basename(path), "nodes": len(nodes), "by_provider": by_provider, "cpu_ops": cpu_ops, "memcpy_nodes": memcpy,
            "kernel_ms_total": round(sum(op_us.values()) / 1000, 1), "top_ops_ms": top(op_us, 12), "top_nodes_ms": top(node_us, 12)}


def last_json(stdout):
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                break
    raise StageError(f"no JSON line at the end of the output: {tail(stdout)}")


def ldconfig_dirs():
    try:
        so = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return unique(os.path.dirname(line.split("=>")[-1].strip()) for line in so.splitlines() if "=>" in line)


def find_on_disk(libs):
    """Last resort for libraries outside the usual places: one bounded search of the root file system."""
    if not libs:
        return {}
    names = [arg for lib in libs for arg in ("-o", "-name", lib)][1:]
    try:
        so = subprocess.run(["find", "/", "-xdev", "(", *names, ")", "-not", "-path", "/proc/*"],
                            capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        so = text(getattr(e, "stdout", None))
    found = {}
    for path in so.split():
        found.setdefault(os.path.basename(path), path)
    return found


def unique(items):
    seen, out = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def tail(s, lines=12):
    return "\n".join((s or "").strip().splitlines()[-lines:])


def text(b):
    return b.decode(errors="replace") if isinstance(b, bytes) else (b or "")


if __name__ == "__main__":
    sys.exit(Check(parse_args()).main())
