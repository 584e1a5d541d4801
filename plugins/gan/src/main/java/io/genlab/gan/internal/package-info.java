/** Implementations of the GAN family's components; not part of any API. */
package io.genlab.gan.internal;
