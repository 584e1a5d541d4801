package io.genlab.tracking.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactLedgerTests {
  @TempDir
  Path dir;

  @Test
  void aFileRewrittenWithTheSameSizeButOtherContentIsSentAgain() throws Exception {
    Path ckpt = Files.write(dir.resolve("last.ckpt"), new byte[] {1, 2, 3});
    Path ledgerFile = dir.resolve("pushed/run.tsv");
    ArtifactLedger ledger = new ArtifactLedger(ledgerFile);
    String sha = ledger.changed("checkpoints/last.ckpt", ckpt);
    assertThat(sha).isNotNull();
    ledger.sent("checkpoints/last.ckpt", ckpt, sha);
    assertThat(new ArtifactLedger(ledgerFile).changed("checkpoints/last.ckpt", ckpt)).isNull();

    Files.write(ckpt, new byte[] {1, 2, 4});
    Files.setLastModifiedTime(ckpt, FileTime.fromMillis(Files.getLastModifiedTime(ckpt).toMillis() + 5000));
    assertThat(new ArtifactLedger(ledgerFile).changed("checkpoints/last.ckpt", ckpt)).isNotNull().isNotEqualTo(sha);
  }

  @Test
  void aFileTouchedButUnchangedIsNotSentAgain() throws Exception {
    Path f = Files.write(dir.resolve("a.txt"), "same".getBytes());
    ArtifactLedger ledger = new ArtifactLedger(dir.resolve("l.tsv"));
    ledger.sent("a.txt", f, ledger.changed("a.txt", f));
    Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
    assertThat(ledger.changed("a.txt", f)).isNull();
  }

  @Test
  void aDamagedLedgerSendsEverythingAgain() throws Exception {
    Path f = Files.write(dir.resolve("a.txt"), "x".getBytes());
    Path ledgerFile = Files.writeString(dir.resolve("l.tsv"), "garbage line without numbers x y\n");
    assertThat(new ArtifactLedger(ledgerFile).changed("a.txt", f)).isNotNull();
  }

  @Test
  void spoolFoldersDifferPerServerAndNameTheHost() {
    Path a = Spool.folderFor(dir, java.net.URI.create("http://ML.example.com:5000"));
    Path b = Spool.folderFor(dir, java.net.URI.create("http://ml.example.com:5000/team-b"));
    assertThat(a.getFileName().toString()).startsWith("ml.example.com_5000-");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.getParent()).isEqualTo(dir);
  }
}
