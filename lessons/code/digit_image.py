
image = $image  # the image on screen: '#' is ink, '.' is paper
digit = $digit  # its true label
z = logits_of(models["ce"], torch.tensor([[float(c == "#") for row in image for c in row]], dtype=torch.float64))
for i, value in enumerate(torch.softmax(z, dim=1)[0].tolist()):
    print(f"p[{i}] = {value!r}")
print(f"ce = {F.cross_entropy(z, torch.tensor([digit])).item()!r}")  # = −log p[digit]
