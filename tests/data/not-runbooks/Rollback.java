package com.example.ops;

import java.io.IOException;

public final class Rollback {
  private Rollback() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Process undo = new ProcessBuilder("kubectl", "rollout", "undo", "deployment/payments-api").inheritIO().start();
    int code = undo.waitFor();
    if (code != 0) {
      System.exit(code);
    }
  }
}
