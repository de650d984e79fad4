#!/usr/bin/env python3
"""Rolls the payments deployment back to its previous revision."""
import subprocess


def rollback(namespace: str, deployment: str) -> None:
    subprocess.run(["kubectl", "-n", namespace, "rollout", "undo", f"deployment/{deployment}"], check=True)
    subprocess.run(["kubectl", "-n", namespace, "rollout", "status", f"deployment/{deployment}"], check=True)


if __name__ == "__main__":
    rollback("payments", "payments-api")
