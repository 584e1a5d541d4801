package io.genlab.tracking.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test sets, so that timestamps in the store are exact. */
final class MutableClock extends Clock {
  private volatile long millis;

  MutableClock(long millis) {
    this.millis = millis;
  }

  void set(long newMillis) {
    this.millis = newMillis;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
