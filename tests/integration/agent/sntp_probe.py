#!/usr/bin/env python3
"""An independent SNTP measurement for the agent tests (no code shared with the agent).

Usage: sntp_probe.py ADDRESS [SAMPLES]
Sends SAMPLES (default 3) mode-3 requests to ADDRESS port 123, 0.2 s apart, and prints the
clock offset in seconds of the sample with the smallest round trip, or "error <text>".
"""
import socket
import struct
import sys
import time

NTP_EPOCH_OFFSET = 2208988800  # 1900-01-01 .. 1970-01-01


def to_ntp(t):
    seconds = int(t) + NTP_EPOCH_OFFSET
    fraction = int((t - int(t)) * (1 << 32)) & 0xFFFFFFFF
    return seconds, fraction


def from_ntp(seconds, fraction):
    return seconds - NTP_EPOCH_OFFSET + fraction / float(1 << 32)


def sample(address):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(2.0)
        t1 = time.time()
        sec, frac = to_ntp(t1)
        request = struct.pack("!B B b b I I I Q Q Q I I", 0x23, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, sec, frac)
        s.sendto(request, (address, 123))
        data, _ = s.recvfrom(1024)
        t4 = time.time()
    if len(data) < 48:
        raise RuntimeError("short reply")
    fields = struct.unpack("!B B b b I I I I I I I I I I I", data[:48])
    if fields[0] & 0x7 != 4:
        raise RuntimeError("not a server reply")
    # 0-3 header, 4 root delay, 5 root dispersion, 6 reference id, 7-8 reference time,
    # 9-10 origin, 11-12 receive, 13-14 transmit
    if (fields[9], fields[10]) != (sec, frac):
        raise RuntimeError("origin timestamp mismatch")
    t2 = from_ntp(fields[11], fields[12])
    t3 = from_ntp(fields[13], fields[14])
    offset = ((t2 - t1) + (t3 - t4)) / 2
    rtt = (t4 - t1) - (t3 - t2)
    return offset, rtt


def main():
    address = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = None
    for i in range(count):
        if i:
            time.sleep(0.2)
        try:
            offset, rtt = sample(address)
        except Exception as e:  # noqa: BLE001 - reported to the test
            print("error", e)
            return 1
        if best is None or rtt < best[1]:
            best = (offset, rtt)
    print("%.9f" % best[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
