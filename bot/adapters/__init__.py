"""The outside systems Ketpaar drives, one module each: Twilio, media download, images, faces,
Google Maps and geocoding, PIN codes' post offices, LightGBM models, the photo store (a folder or S3),
signed links, Twilio's copies of media, the rate limits kept in Redis, RQ's failed jobs, the hashing of
staff passwords, the workers' heartbeats and Prometheus' metrics (`bot.adapters.metrics`).

Jobs and the composition root import them from here; flows never do (they see ports).
"""

from bot.adapters.faces import Face, FaceModel
from bot.adapters.failed_jobs import FailedJob, FailedJobs
from bot.adapters.flood import FloodGuard, Limit, Pace
from bot.adapters.geocoding import GoogleGeocoder, PlaceFinder
from bot.adapters.heartbeats import Heartbeats
from bot.adapters.images import (
    STORED_MAX_SIDE,
    Box,
    ImageProblem,
    blur_faces,
    encode,
    open_checked,
    shrink_in_place,
    shrunk,
    watermark,
)
from bot.adapters.links import SignedPhotoLinks
from bot.adapters.maps import GoogleMaps
from bot.adapters.media import Media, MediaFetcher
from bot.adapters.passwords import ScryptPasswords
from bot.adapters.photo_store import EncryptedPhotoStore, LocalPhotoStore, PhotoMissing, PhotoStore, S3PhotoStore
from bot.adapters.pincodes import PostOffices
from bot.adapters.safety_models import LightGBMModels, matrix, train
from bot.adapters.twilio import (
    DevTransport,
    MediaRef,
    Outgoing,
    SendFailed,
    Transport,
    TwilioTransport,
    read_inbound,
)
from bot.adapters.twilio_media import RecordedMediaRelease, TwilioMediaRelease, twilio_media

__all__ = [
    "STORED_MAX_SIDE",
    "Box",
    "DevTransport",
    "EncryptedPhotoStore",
    "Face",
    "FaceModel",
    "FailedJob",
    "FailedJobs",
    "FloodGuard",
    "GoogleGeocoder",
    "GoogleMaps",
    "Heartbeats",
    "ImageProblem",
    "LightGBMModels",
    "Limit",
    "LocalPhotoStore",
    "Media",
    "MediaFetcher",
    "MediaRef",
    "Outgoing",
    "Pace",
    "PhotoMissing",
    "PhotoStore",
    "PlaceFinder",
    "PostOffices",
    "RecordedMediaRelease",
    "S3PhotoStore",
    "ScryptPasswords",
    "SendFailed",
    "SignedPhotoLinks",
    "Transport",
    "TwilioMediaRelease",
    "TwilioTransport",
    "blur_faces",
    "encode",
    "matrix",
    "open_checked",
    "read_inbound",
    "shrink_in_place",
    "shrunk",
    "train",
    "twilio_media",
    "watermark",
]
