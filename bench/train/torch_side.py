#!/usr/bin/env python3
"""PyTorch side of bench/train.ts and bench/train-fused.ts (not named torch.py: a script of that name
would shadow the torch package): the reference workload (N x T x F random sequences, LSTM(U) +
Linear(1), BCE-with-logits, Adam lr 1e-3 eps 1e-7, batch B). Wall clock and process CPU time.
Training: median of epochs 2..E (the first warms up). Inference: median of R passes over all
sequences, batch INFER_BATCH (default B), after one warm-up pass.

usage: torch_side.py THREADS [N T F U B E R [INFER_BATCH [pin]]]  ->  one JSON line
  {threads, pinned, osThreads, trainSeqPerSec, inferSeqPerSec, trainSeqPerCpuSec, inferSeqPerCpuSec,
   trainCpuPerWall, inferCpuPerWall}

torch.set_num_threads() alone does not bound the process: Debian's torch calls OpenBLAS (the pthread
build), which keeps its own pool of one thread per core. Pinning therefore happens in the environment
*before* Python starts (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS: bench/train/torch.ts
sets them); with `pin` this script also sets the inter-op pool. osThreads counts the process's OS
threads at the end, and the CPU/wall figures show how many cores it really kept busy.
"""
import json
import os
import sys
import time

import torch

threads = int(sys.argv[1])
N, T, F, U, B, E, R = (int(v) for v in (sys.argv[2:9] if len(sys.argv) >= 9 else [4096, 30, 8, 64, 256, 4, 3]))
IB = int(sys.argv[9]) if len(sys.argv) >= 10 else B
pinned = len(sys.argv) >= 11 and sys.argv[10] == 'pin'
torch.set_num_threads(threads)
if pinned:
    torch.set_num_interop_threads(threads)
torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(F, U, batch_first=True)
        self.head = torch.nn.Linear(U, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[-1]).squeeze(-1)


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]


x = torch.rand(N, T, F) * 2 - 1
y = (torch.rand(N) < 0.3).float()
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
loss_fn = torch.nn.BCEWithLogitsLoss()
train_times, train_cpu = [], []
for epoch in range(E):
    perm = torch.randperm(N)
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, N, B):
        idx = perm[i:i + B]
        opt.zero_grad()
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
    train_times.append(time.perf_counter() - t0)
    train_cpu.append(time.process_time() - c0)
infer_times, infer_cpu = [], []
with torch.no_grad():
    for _ in range(R + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, N, IB):
            torch.sigmoid(net(x[i:i + IB]))
        infer_times.append(time.perf_counter() - t0)
        infer_cpu.append(time.process_time() - c0)
print(json.dumps({
    "threads": threads,
    "pinned": pinned,
    "osThreads": len(os.listdir('/proc/self/task')) if os.path.isdir('/proc/self/task') else None,
    "trainSeqPerSec": N / median(train_times[1:]),
    "inferSeqPerSec": N / median(infer_times[1:]),
    "trainSeqPerCpuSec": N / median(train_cpu[1:]),
    "inferSeqPerCpuSec": N / median(infer_cpu[1:]),
    "trainCpuPerWall": sum(train_cpu[1:]) / sum(train_times[1:]),
    "inferCpuPerWall": sum(infer_cpu[1:]) / sum(infer_times[1:]),
}))
