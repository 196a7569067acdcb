"""One model output z read two ways (exported by tui-tutor; runs with any Python that has PyTorch)."""
import torch

z = torch.tensor($z, dtype=torch.float64)  # the model's one output
threshold = $threshold
labels = $labels  # (negative, positive)

# regression: the output itself is the answer
as_number = z.item()
# classification: squash z into (0, 1) with the sigmoid, then compare with the threshold
probability = torch.sigmoid(z).item()
label = labels[1] if probability >= threshold else labels[0]
print(f"as_number = {as_number!r}")
print(f"probability = {probability!r}")
print(f"label = {label}")
