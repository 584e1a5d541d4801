/** Implementation of the autoregressive family; not API. */
@API(status = INTERNAL, since = "0.4")
package io.genlab.autoregressive.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
