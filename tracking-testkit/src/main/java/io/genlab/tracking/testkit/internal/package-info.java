/**
 * The fake MLflow server's parts: its in-memory state, MLflow's validation rules, the request and
 * response shapes, the search filter, and the HTTP plumbing. Not API: use {@link
 * io.genlab.tracking.testkit.FakeMlflowServer}.
 */
package io.genlab.tracking.testkit.internal;
