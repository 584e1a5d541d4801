/**
 * An in-process fake of an MLflow tracking server for tests, following MLflow's REST API reference
 * and enforcing the server's validation rules, since no real server can be installed where the
 * tests run.
 */
package io.genlab.tracking.testkit;
