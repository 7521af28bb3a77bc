from .vendor import bp as vendor_bp
from .views import bp

__all__ = ["bp", "vendor_bp"]
