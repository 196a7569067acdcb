"""`tui-tutor serve`'s web site: the page, one tutor process per browser tab, the cap on them."""
