/** Implementation of the diffusion family; not API. */
@API(status = INTERNAL, since = "0.3")
package io.genlab.diffusion.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
