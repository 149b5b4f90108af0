#!/usr/bin/env python3
"""PyTorch side of the fused-kernel bench: LSTM(64) + Linear(1), BCE-with-logits, Adam, batch 256 on
4,096 x 30 x 8 random sequences. Prints one JSON line per thread count with seq/s by wall clock and by
process CPU time (train: median of epochs 2..E, inference: median of 3 passes over all sequences)."""
import json
import sys
import time

import torch

N, T, F, U = 4096, 30, 8, 64
BATCH, INFER_BATCH = 256, 512
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
threads_list = [int(t) for t in (sys.argv[2] if len(sys.argv) > 2 else "1,2").split(",")]


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


for threads in threads_list:
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.rand(N, T, F) * 2 - 1
    y = (torch.rand(N) < 0.3).float()
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    train_times, train_cpu = [], []
    for epoch in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, N, BATCH):
            opt.zero_grad()
            loss = loss_fn(net(x[i:i + BATCH]), y[i:i + BATCH])
            loss.backward()
            opt.step()
        train_times.append(time.perf_counter() - t0)
        train_cpu.append(time.process_time() - c0)
    infer_times, infer_cpu = [], []
    with torch.no_grad():
        for rep in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            for i in range(0, N, INFER_BATCH):
                net(x[i:i + INFER_BATCH])
            infer_times.append(time.perf_counter() - t0)
            infer_cpu.append(time.process_time() - c0)
    later = lambda xs: xs[1:] if len(xs) > 1 else xs
    print(json.dumps({
        "threads": threads,
        "trainSeqPerSec": N / median(later(train_times)),
        "inferSeqPerSec": N / median(infer_times),
        "trainSeqPerCpuSec": N / median(later(train_cpu)),
        "inferSeqPerCpuSec": N / median(infer_cpu),
    }), flush=True)
