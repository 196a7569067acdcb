import torch

x = torch.tensor($x, dtype=torch.float64)
y = torch.tensor($y, dtype=torch.float64)
budget, threshold = $budget, $threshold


def loss(thetas):  # L(a, b) = (1/7) Σ (a·xᵢ + b − yᵢ)² for each row θ = (a, b)
    return ((thetas[:, :1] * x + thetas[:, 1:] - y) ** 2).mean(dim=1)


def uniform(g, n):  # n random θ in the box [$lo, $hi]²
    return $lo + $span * torch.rand((n, 2), generator=g, dtype=torch.float64)


def report(name, losses):  # losses: one per evaluation, in order
    best = torch.cummin(torch.tensor(losses[:budget], dtype=torch.float64), dim=0).values
    reached = (best <= threshold).nonzero()
    print(f"{name}_evaluations =", int(reached[0]) + 1 if len(reached) else None)
    print(f"{name}_best_loss =", repr(best[-1].item()))


# gradient descent: θₜ₊₁ = θₜ − η ∇L(θₜ); forward + backward = 2 evaluations per step
theta, losses = torch.tensor($theta0, dtype=torch.float64), []
while len(losses) < budget:
    theta.requires_grad_(True)
    value = loss(theta[None, :])[0]
    value.backward()
    losses += [value.item()] * 2
    if theta.grad.norm() < $grad_tol:
        break  # converged: the gradient vanished
    theta = (theta - $lr * theta.grad).detach()
report("gradient_descent", losses)

# random search: try θ uniformly at random, 1 evaluation each
g = torch.Generator().manual_seed($seed)
losses = []
while len(losses) < budget:
    losses += loss(uniform(g, 100)).tolist()
report("random_search", losses)

# genetic algorithm: keep $elites elites; children by tournament selection, crossover, mutation
g = torch.Generator().manual_seed($seed)
population = uniform(g, $population)
fitness = loss(population)
losses = fitness.tolist()
while len(losses) < budget:
    rivals = torch.randint($population, ($children, 2, 2), generator=g)
    parents = torch.where(fitness[rivals[..., 0]] <= fitness[rivals[..., 1]], rivals[..., 0], rivals[..., 1])
    mix = torch.rand(($children, 2), generator=g, dtype=torch.float64)
    children = mix * population[parents[:, 0]] + (1 - mix) * population[parents[:, 1]]
    children = children + $mutation * torch.randn(($children, 2), generator=g, dtype=torch.float64)
    child_fitness = loss(children)
    losses += child_fitness.tolist()
    elites = torch.argsort(fitness, stable=True)[:$elites]
    population = torch.cat([population[elites], children])
    fitness = torch.cat([fitness[elites], child_fitness])
report("genetic_algorithm", losses)
