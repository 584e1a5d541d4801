package ${package};

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ${package}.internal.GaussianModel;
import ${package}.internal.GaussianNllLoss;
import ${package}.internal.GaussianSampler;
import ${package}.internal.TestNllMetric;
import io.genlab.api.PluginModule;
import org.apiguardian.api.API;

/**
 * The ${familyName} family's plugin: binds the diagonal Gaussian model, its NLL loss, sampler and metric by
 * name. Found by {@link java.util.ServiceLoader} (see {@code META-INF/services}); binds only. Thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ${pluginClass} extends PluginModule {

  @Override
  public String id() {
    return "${familyName}";
  }

  @Override
  public String description() {
    return "A diagonal Gaussian density on flattened examples: exact negative log-likelihood, sampling and test NLL";
  }

  @Override
  protected void configure() {
    super.configure();
    model("diag-gaussian", "a learned mean and standard deviation per dimension", GaussianConfig.DEFAULTS,
        GaussianModel::new);
    loss("gaussian-nll", "exact negative log-likelihood in nats per example", NllConfig.DEFAULTS,
        GaussianNllLoss::new);
    sampler("gaussian", "draws from N(mean, (T std)^2), clipped to the data's range", SamplerConfig.DEFAULTS,
        GaussianSampler::new);
    metric("test-nll", "mean negative log-likelihood of test examples in nats", TestNllConfig.DEFAULTS,
        TestNllMetric::new);
  }
}
