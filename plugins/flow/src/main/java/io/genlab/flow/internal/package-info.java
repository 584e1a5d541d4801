/** Implementation of the normalizing-flow family; not API. */
@API(status = INTERNAL, since = "0.4")
package io.genlab.flow.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
