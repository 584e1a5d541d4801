/**
 * The autoregressive family: models that factorise p(x) = prod_i p(x_i | x_<i) in a fixed ordering and
 * so give exact log-likelihoods. MADE (a masked MLP, with order-agnostic training over several
 * connectivity sets), NADE (a hidden layer shared by every dimension, as a running sum) and PixelCNN
 * (masked convolutions, Bernoulli or categorical outputs, optional label conditioning), the negative log-likelihood loss, sequential and completion samplers and the
 * exact test NLL.
 */
package io.genlab.autoregressive;
