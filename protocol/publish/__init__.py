"""Publishing: build and check a release next to the live site, mark it complete, switch atomically, roll back."""
